using Akka.Actor;
using Autograd.Protocol;

namespace Autograd.Actors;

/// <summary>
/// A node host's gathering of its leaves' reports to a backward pass's tracker: the host stands in
/// for the tracker in the plans of its node actors, collects the <see cref="LeafDone"/> of the leaves
/// the plan counted, and sends one <see cref="LeavesDone"/> when the last has come. A training step's
/// parameters then cost the client one message per member instead of one per parameter. Failures go
/// on to the tracker at once. Bounded: a session gathers for at most <see cref="MaxPerSession"/> passes
/// at once (more report straight to the tracker), and freeing the session forgets its passes.
/// <para>
/// Each gathering remembers who sent the plan (the client's reply inbox): while one is open for it,
/// the host holds that client's optimizer replies and sends them in one bundle with the pass's report.
/// </para>
/// </summary>
internal sealed class LeafReports
{
    public const int MaxPerSession = 64;

    private readonly Dictionary<(Guid Session, long Pass), Gathering> _passes = new();
    private readonly Dictionary<Guid, int> _perSession = new();

    private sealed class Gathering(IActorRef tracker, IActorRef planSender, int leaves)
    {
        public IActorRef Tracker { get; } = tracker;
        public IActorRef PlanSender { get; } = planSender;
        public List<long> Seqs { get; } = new(leaves);
        public int Leaves { get; } = leaves;
    }

    public int Count => _passes.Count;

    /// <summary>Whether the host gathers for this plan (at least two leaves, and room in the session).</summary>
    public bool Start(BackwardPlan plan, IActorRef sender)
    {
        if (plan.Leaves < 2 || plan.Leaves > plan.Seqs.Length) return false;
        _perSession.TryGetValue(plan.Session, out int open);
        if (open >= MaxPerSession || !_passes.TryAdd((plan.Session, plan.Pass), new Gathering(plan.Tracker, sender, plan.Leaves))) return false;
        _perSession[plan.Session] = open + 1;
        return true;
    }

    /// <summary>A leaf's report: the tracker, who sent the plan and the one message for the tracker once the last leaf reported, else null.</summary>
    public (IActorRef Tracker, IActorRef PlanSender, LeavesDone Done)? Report(LeafDone done)
    {
        var key = (done.Node.Session, done.Pass);
        if (!_passes.TryGetValue(key, out var gathering)) return null;
        gathering.Seqs.Add(done.Node.Seq);
        if (gathering.Seqs.Count < gathering.Leaves) return null;
        Remove(key);
        return (gathering.Tracker, gathering.PlanSender, new LeavesDone(done.Pass, done.Node.Session, [.. gathering.Seqs]));
    }

    /// <summary>The tracker and plan sender of a failing pass (which the host gathers for no longer), or null if it gathers nothing for it.</summary>
    public (IActorRef Tracker, IActorRef PlanSender)? Fail(PassFailed failed)
    {
        var key = (failed.Node.Session, failed.Pass);
        if (!_passes.TryGetValue(key, out var gathering)) return null;
        Remove(key);
        return (gathering.Tracker, gathering.PlanSender);
    }

    /// <summary>Whether a pass whose plan <paramref name="planSender"/> sent is being gathered (a handful at most: a linear look).</summary>
    public bool GathersFor(IActorRef planSender)
    {
        foreach (var gathering in _passes.Values)
            if (gathering.PlanSender.Equals(planSender)) return true;
        return false;
    }

    /// <summary>The session was freed: its passes will never complete here.</summary>
    public void Forget(Guid session)
    {
        if (!_perSession.Remove(session)) return;
        foreach (var key in _passes.Keys.Where(k => k.Session == session).ToList()) _passes.Remove(key);
    }

    private void Remove((Guid Session, long Pass) key)
    {
        _passes.Remove(key);
        if (--_perSession[key.Session] == 0) _perSession.Remove(key.Session);
    }
}
