namespace Autograd.Client.Nn;

/// <summary>
/// A pre-norm transformer decoder layer (GPT-2's block): x + attention(ln1(x)), then + mlp(ln2(x)),
/// with causal multi-head self-attention and a GELU MLP of four times the width. Input and output are
/// [batch, sequence, width]. Every step is an op of the table (reshape, transpose, batched matmul, a
/// causal masked_fill, softmax, layer norm, gelu), so a batch row-sharded over the members runs shard by
/// shard and only the weights' gradients cross members. State-dict names: ln1, qkv, proj, ln2, fc1, fc2.
/// </summary>
public sealed class TransformerLayer : Module
{
    private readonly Session _session;
    private readonly Dictionary<int, Variable> _causalMasks = [];

    public TransformerLayer(Session session, int width, int heads)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentOutOfRangeException.ThrowIfLessThan(heads, 1);
        if (width % heads != 0) throw new ArgumentException($"the width {width} must be a multiple of the number of heads {heads}");
        _session = session;
        Width = width;
        Heads = heads;
        Ln1 = RegisterModule("ln1", new LayerNorm(session, [width]));
        Qkv = RegisterModule("qkv", new Linear(session, width, 3 * width));
        Proj = RegisterModule("proj", new Linear(session, width, width));
        Ln2 = RegisterModule("ln2", new LayerNorm(session, [width]));
        Fc1 = RegisterModule("fc1", new Linear(session, width, 4 * width));
        Fc2 = RegisterModule("fc2", new Linear(session, 4 * width, width));
    }

    public int Width { get; }
    public int Heads { get; }
    public LayerNorm Ln1 { get; }
    public Linear Qkv { get; }
    public Linear Proj { get; }
    public LayerNorm Ln2 { get; }
    public Linear Fc1 { get; }
    public Linear Fc2 { get; }

    public override Variable Forward(Variable input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Shape is not [var batch, var sequence, var width] || width != Width)
            throw new ArgumentException($"TransformerLayer: expected input [batch, sequence, {Width}], got {Tensor.ShapeText(input.Shape)}");
        var x = input + Attention(Ln1.Forward(input), batch, sequence);
        return x + Fc2.Forward(Fc1.Forward(Ln2.Forward(x)).Gelu());
    }

    private Variable Attention(Variable h, int batch, int sequence)
    {
        int headWidth = Width / Heads;
        var qkv = Qkv.Forward(h).Reshape(batch, sequence, 3, Heads, headWidth);
        var q = qkv.Select(2, 0).Transpose(1, 2);   // [batch, heads, sequence, head width]
        var k = qkv.Select(2, 1).Transpose(1, 2);
        var v = qkv.Select(2, 2).Transpose(1, 2);
        var scores = q.MatMul(k.Transpose(-2, -1)) * (1f / MathF.Sqrt(headWidth));
        var attention = scores.MaskedFill(CausalMask(sequence), float.NegativeInfinity).Softmax(-1);
        var heads = attention.MatMul(v).Transpose(1, 2).Reshape(batch, sequence, Width);
        return Proj.Forward(heads);
    }

    /// <summary>1 above the diagonal (a position never attends to later ones); one leaf per sequence length, kept.</summary>
    private Variable CausalMask(int sequence)
    {
        lock (_causalMasks)
        {
            if (_causalMasks.TryGetValue(sequence, out var mask)) return mask;
            var data = new float[sequence * sequence];
            for (int i = 0; i < sequence; i++)
                for (int j = i + 1; j < sequence; j++) data[i * sequence + j] = 1f;
            return _causalMasks[sequence] = _session.Variable(Tensor.FromArray(data, sequence, sequence));
        }
    }
}
