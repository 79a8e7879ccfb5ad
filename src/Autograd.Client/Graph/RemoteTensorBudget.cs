namespace Autograd.Client.Graph;

/// <summary>
/// Collects garbage after every <see cref="CollectEvery"/> bytes of tensors created on members in other
/// processes, so a remote client whose own heap barely grows still finalizes (and so releases) the
/// variables of finished steps: otherwise the members would keep every step's tensors until the client
/// happened to collect. A gen1 collection finds a finished step's variables (they live for one step);
/// every <see cref="FullEvery"/>-th is a full one, for variables that lived long enough to be promoted.
/// <para>
/// Rather than <c>GC.AddMemoryPressure</c> per variable: its heuristic induced a gen2 collection every
/// few steps of a small model, and each gen2 also trims every shared array pool on the finalizer thread.
/// </para>
/// </summary>
internal sealed class RemoteTensorBudget(Action<int> collect)
{
    public const long CollectEvery = 64L << 20;
    public const int FullEvery = 8;

    /// <summary>The process's budget (the garbage collector is the process's too).</summary>
    public static readonly RemoteTensorBudget Process = new(generation => GC.Collect(generation, GCCollectionMode.Forced, blocking: true));

    private long _sinceCollect;
    private int _collections;

    /// <summary>A variable's node on another member holds <paramref name="bytes"/>.</summary>
    public void Created(long bytes)
    {
        if (Interlocked.Add(ref _sinceCollect, bytes) < CollectEvery) return;
        if (Interlocked.Exchange(ref _sinceCollect, 0) < CollectEvery) return;   // another thread collects
        collect(Interlocked.Increment(ref _collections) % FullEvery == 0 ? 2 : 1);
    }
}
