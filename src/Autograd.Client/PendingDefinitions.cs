using Akka.Actor;
using Autograd.Protocol;

namespace Autograd.Client;

/// <summary>
/// The op definitions a session has built but not sent yet, one <see cref="CreateBatch"/> per host.
/// Building an op only records it here; the batches go out before the session sends anything else
/// (a leaf, a request, a backward plan, a release) and whenever <see cref="Limit"/> definitions are
/// waiting. A graph built between two awaits then costs each host one message instead of one per node,
/// and a node whose input lives on another member needs no subscription hop of its own: the client,
/// which knows both ends, subscribes it in the batch to the input's host. Across members each message
/// costs ~0.1 ms of CPU (serialization, the remoting pipeline, two thread wake-ups), which dominated
/// a sharded step of small tensors. Each host still receives the session's messages in the order they
/// were made; a node defined on one host can only be referenced on another after both batches are
/// out, and one that a message reaches before its definition waits for it (see the node's states).
/// Batches go out with the session's sender (<see cref="Session.Sender"/>), by which members know whose they are.
/// </summary>
internal sealed class PendingDefinitions(IActorRef sender)
{
    /// <summary>Definitions held before a flush even without an await: the host starts computing a long graph while it is still being built.</summary>
    public const int Limit = 256;

    private readonly object _lock = new();
    private readonly List<(IActorRef Host, List<CreateOp> Ops, List<Subscribe> Subscriptions)> _batches = [];
    private int _count;

    /// <summary>Records <paramref name="op"/>, to be created on <paramref name="host"/>, with its subscriptions to inputs on other hosts.</summary>
    public void Add(IActorRef host, CreateOp op)
    {
        lock (_lock)
        {
            BatchOf(host).Ops.Add(op);
            for (int slot = 0; slot < op.Inputs.Length; slot++)
            {
                var input = op.Inputs[slot];
                if (!ReferenceEquals(input.Host, host))
                    BatchOf(input.Host).Subscriptions.Add(new Subscribe(input.Id, host, op.Node, slot));
            }
            if (++_count >= Limit) FlushLocked();
        }
    }

    /// <summary>Sends every waiting batch. Called before any other message of the session goes out.</summary>
    public void Flush()
    {
        if (Volatile.Read(ref _count) == 0) return;
        lock (_lock) FlushLocked();
    }

    private void FlushLocked()
    {
        // Inside the lock: batches of one session reach each host in the order they were made.
        foreach (var (host, ops, subscriptions) in _batches)
        {
            if (ops.Count == 0 && subscriptions.Count == 0) continue;
            host.Tell(new CreateBatch([.. ops], [.. subscriptions]), sender);
            ops.Clear();
            subscriptions.Clear();
        }
        _count = 0;
    }

    private (IActorRef Host, List<CreateOp> Ops, List<Subscribe> Subscriptions) BatchOf(IActorRef host)
    {
        // A session has a handful of hosts, and its variables hold the very refs of its host list.
        foreach (var batch in _batches)
            if (ReferenceEquals(batch.Host, host)) return batch;
        var added = (host, new List<CreateOp>(), new List<Subscribe>());
        _batches.Add(added);
        return added;
    }
}
