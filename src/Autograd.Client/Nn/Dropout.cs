namespace Autograd.Client.Nn;

/// <summary>
/// Dropout with probability <see cref="P"/>, as <c>torch.nn.Dropout</c>: active after
/// <see cref="Module.Train"/> (the default), the identity after <see cref="Module.Eval"/>. Each
/// forward call draws a new mask from the session's generator.
/// </summary>
public sealed class Dropout : Module
{
    public Dropout(float p = 0.5f)
    {
        if (!(p >= 0f && p <= 1f))
            throw new ArgumentOutOfRangeException(nameof(p), p, $"dropout probability has to be between 0 and 1, but got {p}");
        P = p;
    }

    public float P { get; }

    public override Variable Forward(Variable input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Dropout(P, IsTraining);
    }
}
