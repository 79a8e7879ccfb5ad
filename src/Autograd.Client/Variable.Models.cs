using Autograd.Ops;

namespace Autograd.Client;

// The ops of real models beyond the base ones (issue 10): layer norm and dropout. Batched matmul and
// any-rank softmax and cross entropy are the base methods MatMul, Softmax, LogSoftmax, CrossEntropy.
public sealed partial class Variable
{
    /// <summary>
    /// Layer normalization over the trailing dims <paramref name="normalizedShape"/> (biased variance),
    /// then an elementwise weight and bias of that shape if given: <c>torch.nn.functional.layer_norm</c>, one node.
    /// </summary>
    public Variable LayerNorm(int[] normalizedShape, Variable? weight = null, Variable? bias = null, float eps = 1e-5f)
    {
        ArgumentNullException.ThrowIfNull(normalizedShape);
        var shape = (int[])normalizedShape.Clone();
        // The op's inputs are x, then the weight, then the bias: a bias alone comes with a weight of ones.
        if (weight is null && bias is not null && shape.All(size => size >= 0))
            weight = Session.Variable(Tensor.Ones(shape));
        Variable[] inputs = weight is null ? [this] : bias is null ? [this, weight] : [this, weight, bias];
        return Session.Apply(new OpSpec("layer_norm", Scalar: eps, Shape: shape, Parts: inputs.Length), inputs);
    }

    /// <summary>
    /// <c>torch.nn.functional.dropout</c>: in training, each element zeroed with probability
    /// <paramref name="p"/> and the others scaled by 1/(1−p), the mask drawn from the session's generator
    /// (<see cref="Session.ManualSeed"/>) and reused by the backward pass; this variable itself when not
    /// training or when p is 0.
    /// </summary>
    public Variable Dropout(float p, bool training)
    {
        if (!(p >= 0f && p <= 1f))
            throw new ArgumentOutOfRangeException(nameof(p), p, $"dropout probability has to be between 0 and 1, but got {p}");
        if (!training || p == 0f) return this;
        return Dropout(p, Session.NextSeed());
    }

    /// <summary>Dropout in training with the mask of <paramref name="seed"/> (tests and golden graphs fix it).</summary>
    internal Variable Dropout(float p, long seed) => Session.Apply(new OpSpec("dropout", Scalar: p, Seed: seed), this);
}
