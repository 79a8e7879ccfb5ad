using Autograd.Client;

namespace Autograd.Bench;

/// <summary>
/// One engine benchmark: a step (build a graph in the session, run backward, read the leaf
/// gradients) that a repetition runs <see cref="Iterations"/> times in one fresh session.
/// The name, unit, divisor and repetition scheme match <c>bench/reference/engine.py</c>, so
/// the two figures compare directly.
/// </summary>
internal sealed record EngineWorkload(
    string Name,
    string Unit,
    int Iterations,
    int Repetitions,
    int Divisor,
    double TargetRatio,
    Func<Session, Task> Step)
{
    /// <summary>Seconds to the reported unit (µs or ms) per iteration and per <see cref="Divisor"/>.</summary>
    public double ToUnit(TimeSpan elapsed) =>
        (Unit.StartsWith("us", StringComparison.Ordinal) ? elapsed.TotalMicroseconds : elapsed.TotalMilliseconds)
        / Iterations / Divisor;
}
