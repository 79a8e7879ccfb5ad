using Akka.Actor;
using Autograd.Protocol;

namespace Autograd.Client;

/// <summary>
/// What a session has made for its hosts but not sent yet: op definitions (one <see cref="CreateBatch"/>
/// per host) and small messages posted to go with them (an optimizer step, a zero-grad, a backward plan).
/// Building an op or posting a message only records it here; everything goes out when the session
/// sends anything else or waits for an answer (<see cref="Flush"/>), when <see cref="Limit"/> definitions
/// or <see cref="Bundle.MaxMessages"/> messages are waiting, and at the latest <see cref="FlushAfter"/>
/// after a message was posted. Each host then gets one message per flush: the batch, or a
/// <see cref="Bundle"/> of the messages in the order they were made. A training step (optimizer step,
/// zero-grad, forward graph, backward plan) crosses the network once instead of four times; across
/// members each message costs ~0.05-0.1 ms of CPU (serialization, the remoting pipeline, thread
/// wake-ups on both ends), which dominated small steps.
/// <para>
/// A node whose input lives on another member needs no subscription hop of its own: the client,
/// which knows both ends, subscribes it in the batch to the input's host. Each host still receives
/// the session's messages in the order they were made; a node defined on one host can only be
/// referenced on another after both are out, and one that a message reaches before its definition
/// waits for it (see the node's states). Everything goes out with the session's sender
/// (<see cref="Session.Sender"/>), by which members know whose it is.
/// </para>
/// </summary>
internal sealed class SessionOutbox(IActorRef sender, IScheduler? scheduler = null)
{
    /// <summary>Definitions held before a flush even without an await: the host starts computing a long graph while it is still being built.</summary>
    public const int Limit = 256;

    /// <summary>
    /// The longest a posted message waits for a flush: a client that posts an optimizer step and then
    /// does nothing with the engine for a while still gets it applied (normally the next graph's
    /// backward pass takes it along at once).
    /// </summary>
    public static readonly TimeSpan FlushAfter = TimeSpan.FromMilliseconds(5);

    private readonly object _lock = new();
    private readonly List<HostQueue> _queues = [];
    private int _definitions;
    private int _posted;
    private bool _flushScheduled;

    /// <summary>Records <paramref name="op"/>, to be created on <paramref name="host"/>, with its subscriptions to inputs on other hosts.</summary>
    public void Add(IActorRef host, CreateOp op)
    {
        lock (_lock)
        {
            QueueOf(host).Batch.Ops.Add(op);
            for (int slot = 0; slot < op.Inputs.Length; slot++)
            {
                var input = op.Inputs[slot];
                if (!ReferenceEquals(input.Host, host))
                    QueueOf(input.Host).Batch.Subscriptions.Add(new Subscribe(input.Id, host, op.Node, slot));
            }
            if (++_definitions >= Limit) FlushLocked();
        }
    }

    /// <summary>
    /// Records <paramref name="message"/> for <paramref name="host"/>, after everything recorded before it.
    /// The caller keeps it small (its tensors fit a frame): it never goes on the bulk path.
    /// </summary>
    public void Post(IActorRef host, IAutogradMessage message)
    {
        bool schedule;
        lock (_lock)
        {
            var queue = QueueOf(host);
            queue.CloseBatch();
            queue.Messages.Add(message);
            if (queue.Messages.Count >= Bundle.MaxMessages - 1)
            {
                FlushLocked();
                return;
            }
            _posted++;
            schedule = !_flushScheduled && scheduler is not null;
            _flushScheduled |= schedule;
        }
        if (!schedule) return;
        try
        {
            scheduler!.Advanced.ScheduleOnce(FlushAfter, FlushScheduled);
        }
        catch (SchedulerException)
        {
            FlushScheduled();   // the engine is shutting down: nothing to wait for
        }
    }

    /// <summary>Sends everything waiting. Called before any other message of the session goes out.</summary>
    public void Flush()
    {
        if (Volatile.Read(ref _definitions) == 0 && Volatile.Read(ref _posted) == 0) return;
        lock (_lock) FlushLocked();
    }

    private void FlushScheduled()
    {
        lock (_lock)
        {
            _flushScheduled = false;
            FlushLocked();
        }
    }

    private void FlushLocked()
    {
        // Inside the lock: what one session sends reaches each host in the order it was made.
        foreach (var queue in _queues)
        {
            queue.CloseBatch();
            if (queue.Messages.Count == 0) continue;
            queue.Host.Tell(Bundle.Of(queue.Messages), sender);
            queue.Messages.Clear();
        }
        _definitions = 0;
        _posted = 0;
    }

    private HostQueue QueueOf(IActorRef host)
    {
        // A session has a handful of hosts, and its variables hold the very refs of its host list.
        foreach (var queue in _queues)
            if (ReferenceEquals(queue.Host, host)) return queue;
        var added = new HostQueue(host);
        _queues.Add(added);
        return added;
    }

    /// <summary>One host's messages in order; definitions gather in an open batch until a posted message (or a flush) closes it.</summary>
    private sealed class HostQueue(IActorRef host)
    {
        public IActorRef Host { get; } = host;
        public List<IAutogradMessage> Messages { get; } = [];
        public (List<CreateOp> Ops, List<Subscribe> Subscriptions) Batch { get; } = ([], []);

        public void CloseBatch()
        {
            if (Batch.Ops.Count == 0 && Batch.Subscriptions.Count == 0) return;
            Messages.Add(new CreateBatch([.. Batch.Ops], [.. Batch.Subscriptions]));
            Batch.Ops.Clear();
            Batch.Subscriptions.Clear();
        }
    }
}
