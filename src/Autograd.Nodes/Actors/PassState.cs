using Akka.Actor;
using Autograd.Ops;

namespace Autograd.Actors;

/// <summary>
/// One node's share of one backward pass: how many gradients it expects (unknown until the
/// plan arrives, since across members gradients may overtake it) and the gradients received.
/// They are added in the order of the edges they came along (the consumer's id, then its input
/// slot), never in the order they arrived: float addition is not associative, and arrival order
/// changes from run to run, so two identical runs would otherwise differ in the last bits.
/// </summary>
internal sealed class PassState(long pass)
{
    private List<(long Seq, int Slot, Tensor Value)>? _received;

    public const int Unplanned = -1;

    public long Pass { get; } = pass;

    /// <summary>Gradients the plan says will arrive, or <see cref="Unplanned"/>.</summary>
    public int Expected { get; set; } = Unplanned;

    public int Received => _received?.Count ?? 0;

    /// <summary>A gradient that came from input <paramref name="slot"/> of node <paramref name="seq"/> (0, 0 for the seed).</summary>
    public void Add(long seq, int slot, Tensor gradient) => (_received ??= new(1)).Add((seq, slot, gradient));

    /// <summary>The gradients' sum in edge order (accumulation at shared inputs); null before any arrived.</summary>
    public Tensor? Sum()
    {
        if (_received is null) return null;
        // a stable sort: gradients from one edge (only ever the seed, or tests) keep their arrival order
        var ordered = _received.OrderBy(g => g.Seq).ThenBy(g => g.Slot).ToArray();
        var sum = ordered[0].Value;
        for (int i = 1; i < ordered.Length; i++) sum = GradientRules.Accumulate(sum, ordered[i].Value);
        return sum;
    }

    public bool RetainGraph { get; set; }

    public IActorRef? Tracker { get; set; }

    public bool IsComplete => Expected != Unplanned && Received >= Expected;
}
