using Akka.Actor;

namespace Autograd.Actors;

/// <summary>
/// A node host's idle node actors, kept for its next nodes (see <see cref="NodeActor.Recycled"/>): a loop
/// that builds the same graph again takes its actors from here instead of creating new ones. Bounded by
/// <see cref="Capacity"/>, and trimmed: actors that sat idle for a whole trim interval beyond
/// <see cref="KeepIdle"/> are handed out to be stopped (<see cref="TakeLongIdle"/>), so a graph far larger
/// than the usual one (a 10,000-node chain) does not leave its actors on the heap for every later
/// garbage collection to walk. Each idle actor holds about 0.9 KB.
/// </summary>
internal sealed class NodeActorPool(int capacity, int keepIdle)
{
    private readonly Stack<IActorRef> _idle = new();

    // The fewest idle actors since the last trim: that many were not needed during the whole interval.
    private int _lowWater;

    public int Capacity { get; } = capacity;

    public int KeepIdle { get; } = keepIdle;

    public int Count => _idle.Count;

    public bool TryTake(out IActorRef actor)
    {
        if (!_idle.TryPop(out actor!)) return false;
        if (_idle.Count < _lowWater) _lowWater = _idle.Count;
        return true;
    }

    /// <summary>Keeps <paramref name="actor"/> for a later node, unless the pool is full (the caller stops it then).</summary>
    public bool TryReturn(IActorRef actor)
    {
        if (_idle.Count >= Capacity) return false;
        _idle.Push(actor);
        return true;
    }

    /// <summary>A pooled actor stopped by something else (rare): it must not be handed out again.</summary>
    public bool Remove(IActorRef actor)
    {
        if (!_idle.Contains(actor)) return false;
        var alive = _idle.Where(a => !ReferenceEquals(a, actor)).Reverse().ToArray();
        _idle.Clear();
        foreach (var a in alive) _idle.Push(a);
        _lowWater = Math.Min(_lowWater, _idle.Count);
        return true;
    }

    /// <summary>
    /// Called once per trim interval: the actors beyond <see cref="KeepIdle"/> that nothing took since the
    /// last call, out of the pool, for the caller to stop.
    /// </summary>
    public IReadOnlyList<IActorRef> TakeLongIdle()
    {
        int surplus = Math.Min(_lowWater, _idle.Count) - KeepIdle;
        var taken = new List<IActorRef>(Math.Max(0, surplus));
        for (int i = 0; i < surplus; i++) taken.Add(_idle.Pop());
        _lowWater = _idle.Count;
        return taken;
    }
}
