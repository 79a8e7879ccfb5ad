using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>
/// Joins the shards' <see cref="ExtremumPartialOp"/> results into the max or min of the whole
/// (max_partials, min_partials). Along Dim, each element's gradient goes to the winning shard's
/// value, which sends it on to its index. Over every element the gradient is split among the shards
/// that tie for the extreme, in proportion to their counts of ties, so each tying element gets an
/// equal share, as unsharded. Row 1 of a part (indices, counts) has no derivative: its gradient is 0.
/// </summary>
public sealed class ExtremumPartialsOp(OpSpec spec, bool largest) : JoinedExtremumOp(spec, largest)
{
    public override string GradFnName => Largest ? "MaxBackward" : "MinBackward";

    public override Tensor Forward(IReadOnlyList<Tensor> inputs) =>
        Tensor.Wrap(Winners(inputs).Best, InferShape(inputs.Select(t => t.Shape).ToList()));

    public override Tensor?[] Backward(Tensor gradOutput, IReadOnlyList<Tensor> inputs, Tensor output, bool[] needsGrad)
    {
        var grads = new Tensor?[inputs.Count];
        var g = gradOutput.Span;
        if (Spec.Dim is null)
        {
            float extreme = output.Item(), tiedCount = 0;
            foreach (var part in inputs) if (Ties(part.Span[0], extreme)) tiedCount += part.Span[1];
            for (int p = 0; p < inputs.Count; p++)
                if (needsGrad[p])
                {
                    var part = inputs[p].Span;
                    grads[p] = Tensor.Wrap([Ties(part[0], extreme) ? g[0] * part[1] / tiedCount : 0f, 0f], inputs[p].Shape);
                }
            return grads;
        }
        var (_, winner) = Winners(inputs);
        for (int p = 0; p < inputs.Count; p++)
        {
            if (!needsGrad[p]) continue;
            var grad = new float[inputs[p].Count];   // row 1 (the indices) stays 0
            for (int e = 0; e < winner.Length; e++)
                if (winner[e] == p) grad[e] = g[e];
            grads[p] = Tensor.Wrap(grad, inputs[p].Shape);
        }
        return grads;
    }

    private static bool Ties(float value, float extreme) => value == extreme || float.IsNaN(value) && float.IsNaN(extreme);
}
