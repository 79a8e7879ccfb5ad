using Akka.Actor;
using Autograd.Ops;

namespace Autograd.Actors;

/// <summary>
/// A node's gradient buffers, one per backward pass in flight. A pass is ready when its plan
/// arrived and as many gradients as the plan counts have been summed; the buffer then hands
/// the state out and forgets it. Usually one pass is in flight, so a short list beats a dictionary.
/// </summary>
internal sealed class GradientBuffer
{
    private readonly List<PassState> _passes = new(1);

    public int PassesInFlight => _passes.Count;

    /// <summary>A pass was planned for this node and has not fired yet.</summary>
    public bool HasPlannedPass
    {
        get
        {
            foreach (var s in _passes)
                if (s.Expected != PassState.Unplanned) return true;
            return false;
        }
    }

    /// <summary>Hands out the passes planned here that have not fired, and forgets them (the node is going away).</summary>
    public List<PassState> TakePlanned()
    {
        var planned = _passes.Where(s => s.Expected != PassState.Unplanned).ToList();
        _passes.Clear();
        return planned;
    }

    /// <summary>Records the plan; returns the state if the pass is now ready (its gradients came first).</summary>
    public PassState? Plan(long pass, int count, bool retainGraph, IActorRef tracker)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "a planned node expects at least one gradient");
        var state = Find(pass);
        if (state.Expected != PassState.Unplanned)
            throw new InvalidOperationException($"pass {pass} was planned twice for this node");
        state.Expected = count;
        state.RetainGraph = retainGraph;
        state.Tracker = tracker;
        return TakeIfComplete(state);
    }

    /// <summary>Adds one gradient, from input <paramref name="slot"/> of node <paramref name="seq"/>; returns the state if the pass is now ready.</summary>
    public PassState? Add(long pass, long seq, int slot, Tensor gradient)
    {
        var state = Find(pass);
        state.Add(seq, slot, gradient);
        return TakeIfComplete(state);
    }

    private PassState Find(long pass)
    {
        foreach (var s in _passes)
            if (s.Pass == pass) return s;
        var created = new PassState(pass);
        _passes.Add(created);
        return created;
    }

    private PassState? TakeIfComplete(PassState state)
    {
        if (!state.IsComplete) return null;
        _passes.Remove(state);
        return state;
    }
}
