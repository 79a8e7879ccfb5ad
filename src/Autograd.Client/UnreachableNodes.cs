using System.Collections.Concurrent;
using Akka.Actor;

namespace Autograd.Client;

/// <summary>
/// Nodes whose variables were garbage-collected: nobody can build on them or ask for them again,
/// so their actors may stop once they owe nothing (see <c>ReleaseNodes</c>). Finalizers queue them
/// here; the session's own threads send them, one release per host once a batch is full.
/// <para>
/// A release never overtakes what still needs the node: everything that subscribes to it or plans a
/// pass through it was sent on the same client-to-host channel before (definitions are flushed first,
/// and a node on another member is subscribed by the client, not by itself), and a release that
/// reaches a host before the node's own definition (a large leaf travels on the bulk path, later)
/// is kept by the host until the definition arrives.
/// </para>
/// </summary>
internal sealed class UnreachableNodes
{
    private readonly ConcurrentQueue<(IActorRef Host, long Seq)> _queue = new();
    private int _count;

    /// <summary>How many unreachable nodes to collect before releasing them.</summary>
    public int Batch { get; set; } = 64;

    /// <summary>Called from a variable's finalizer: cheap, and never sends anything.</summary>
    public void Add(IActorRef host, long seq)
    {
        _queue.Enqueue((host, seq));
        Interlocked.Increment(ref _count);
    }

    /// <summary>The queued nodes grouped by host once a batch is full, else null.</summary>
    public List<(IActorRef Host, List<long> Seqs)>? TakeBatch()
    {
        if (Volatile.Read(ref _count) < Batch) return null;
        var byHost = new List<(IActorRef Host, List<long> Seqs)>();
        while (_queue.TryDequeue(out var node))
        {
            Interlocked.Decrement(ref _count);
            var index = byHost.FindIndex(h => ReferenceEquals(h.Host, node.Host));
            if (index < 0) byHost.Add((node.Host, [node.Seq]));
            else byHost[index].Seqs.Add(node.Seq);
        }
        return byHost.Count > 0 ? byHost : null;
    }
}
