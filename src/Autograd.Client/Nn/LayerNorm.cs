namespace Autograd.Client.Nn;

/// <summary>
/// Layer normalization over the trailing <see cref="NormalizedShape"/> dims, as <c>torch.nn.LayerNorm</c>:
/// with <c>elementwiseAffine</c> a weight of ones and a bias of zeros of that shape (state-dict names
/// "weight" and "bias"), replicated parameters; one fused node per call.
/// </summary>
public sealed class LayerNorm : Module
{
    private readonly int[] _normalizedShape;

    public LayerNorm(Session session, int[] normalizedShape, float eps = 1e-5f, bool elementwiseAffine = true)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(normalizedShape);
        if (normalizedShape.Length == 0)
            throw new ArgumentException("LayerNorm: normalizedShape must have at least one dimension", nameof(normalizedShape));
        foreach (var size in normalizedShape) ArgumentOutOfRangeException.ThrowIfNegative(size, nameof(normalizedShape));
        _normalizedShape = (int[])normalizedShape.Clone();
        Eps = eps;
        if (!elementwiseAffine) return;
        Weight = RegisterParameter("weight", session.Variable(Tensor.Ones(_normalizedShape), requiresGrad: true));
        Bias = RegisterParameter("bias", session.Variable(Tensor.Zeros(_normalizedShape), requiresGrad: true));
    }

    public int[] NormalizedShape => (int[])_normalizedShape.Clone();

    public float Eps { get; }

    /// <summary>Null without elementwise affine.</summary>
    public Variable? Weight { get; }

    /// <summary>Null without elementwise affine.</summary>
    public Variable? Bias { get; }

    public override Variable Forward(Variable input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.LayerNorm(_normalizedShape, Weight, Bias, Eps);
    }
}
