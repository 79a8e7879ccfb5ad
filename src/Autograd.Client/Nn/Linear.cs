namespace Autograd.Client.Nn;

/// <summary>
/// y = x·Wᵀ + b, as <c>torch.nn.Linear</c>: weight [out, in], bias [out], both initialised as
/// PyTorch does by default (kaiming_uniform with a = √5, which is U(−1/√in, 1/√in), and the bias from
/// the same range) from the session's generator (<see cref="Session.ManualSeed"/>). Both are
/// replicated parameters; a row-sharded input is multiplied shard by shard where each shard lives.
/// </summary>
public sealed class Linear : Module
{
    public Linear(Session session, int inFeatures, int outFeatures, bool bias = true)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentOutOfRangeException.ThrowIfNegative(inFeatures);
        ArgumentOutOfRangeException.ThrowIfNegative(outFeatures);
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        float bound = inFeatures > 0 ? 1f / MathF.Sqrt(inFeatures) : 0f;
        Weight = RegisterParameter("weight", session.Variable(
            Tensor.Wrap(session.Uniform(outFeatures * inFeatures, -bound, bound), [outFeatures, inFeatures]), requiresGrad: true));
        if (bias)
            Bias = RegisterParameter("bias", session.Variable(
                Tensor.Wrap(session.Uniform(outFeatures, -bound, bound), [outFeatures]), requiresGrad: true));
    }

    public int InFeatures { get; }

    public int OutFeatures { get; }

    public Variable Weight { get; }

    /// <summary>Null when built with <c>bias: false</c>.</summary>
    public Variable? Bias { get; }

    public override Variable Forward(Variable input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Bias is null ? input.Linear(Weight) : input.Linear(Weight, Bias);
    }
}
