using Akka.Actor;

namespace Autograd.Actors;

/// <summary>
/// One node's share of one backward pass: how many gradients it expects (unknown until the
/// plan arrives, since across members gradients may overtake it) and the running sum.
/// </summary>
internal sealed class PassState(long pass)
{
    public const int Unplanned = -1;

    public long Pass { get; } = pass;

    /// <summary>Gradients the plan says will arrive, or <see cref="Unplanned"/>.</summary>
    public int Expected { get; set; } = Unplanned;

    public int Received { get; set; }

    /// <summary>Sum of the gradients received so far (accumulation at shared inputs).</summary>
    public Tensor? Sum { get; set; }

    public bool RetainGraph { get; set; }

    public IActorRef? Tracker { get; set; }

    public bool IsComplete => Expected != Unplanned && Received >= Expected;
}
