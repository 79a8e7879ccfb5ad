using Akka.Actor;
using Autograd.Ops;
using Autograd.Protocol;

namespace Autograd.Client;

/// <summary>
/// A namespace of graph nodes on the engine's members. Node ids are this session's id and a
/// sequence number, so creating a node is one one-way message. Disposing frees every node of the
/// session on every member.
/// </summary>
public sealed partial class Session : IAsyncDisposable
{
    private long _lastSeq;
    private int _noGradDepth;
    private int _disposed;

    internal Session(AutogradEngine engine, Guid id)
    {
        Engine = engine;
        Id = id;
        var members = engine.Members.Current;
        Hosts = members.Hosts;
        MemberLost = engine.Members.FirstLost(members);
        _outbox = new SessionOutbox(engine.Replies, engine.System.Scheduler);
        _wire = Wire.AutogradWire.Get(engine.System);
    }

    private readonly SessionOutbox _outbox;
    // Looked up once: every post of a training step asks it for the bundle size limit.
    private readonly Wire.AutogradWire _wire;

    /// <summary>Sends what the session built or posted so far (see <see cref="SessionOutbox"/>); every other message of the session goes after it.</summary>
    internal void Flush() => _outbox.Flush();

    /// <summary>
    /// Sends <paramref name="message"/> with the session's next flush (after everything built or posted
    /// before it), bundled with whatever else goes to <paramref name="host"/> then; at once, through the
    /// wire, if its tensors are too large to ride in a bundle.
    /// </summary>
    internal void Post(IActorRef host, IAutogradMessage message)
    {
        if (Wire.WireSize.TensorBytes(message) <= _wire.Settings.InlineBytes / Bundle.MaxMessages) _outbox.Post(host, message);
        else
        {
            _outbox.Flush();
            _wire.Tell(host, message, Sender);
        }
    }

    /// <summary>
    /// Sends <paramref name="message"/> after the definitions built before it (so it never overtakes the
    /// definition of a node it names); through the wire when it may carry a tensor larger than a frame.
    /// </summary>
    private void Send(IActorRef host, object message, bool throughWire = false)
    {
        _outbox.Flush();
        if (throughWire) _wire.Tell(host, message, Sender);
        else host.Tell(message, Sender);
    }

    /// <summary>
    /// The sender of everything the session sends: members take a session's messages only from the
    /// system it belongs to, and know that system by the sender (a rejection comes back here too).
    /// </summary>
    internal IActorRef Sender => Engine.Replies;

    /// <summary>Nodes of garbage-collected variables, released in batches.</summary>
    internal UnreachableNodes Unreachable { get; } = new();

    internal bool IsDisposed => _disposed != 0;

    /// <summary>Sends the releases collected so far once a batch is full. Called on the client's threads, never the finalizer's.</summary>
    private void ReleaseUnreachable()
    {
        if (Unreachable.TakeBatch() is not { } batch) return;
        foreach (var (host, seqs) in batch)
            Post(host, new ReleaseNodes(Id, [.. seqs]));   // nothing waits for a release: it rides with the next flush
    }

    internal AutogradEngine Engine { get; }

    /// <summary>The members this session places nodes on: the engine's compute members when it was created.</summary>
    internal IReadOnlyList<IActorRef> Hosts { get; }

    /// <summary>How many members this session places its nodes on (a row-sharded batch takes one shard per member).</summary>
    public int MemberCount => Hosts.Count;

    /// <summary>Completes with the address of the first of the session's members to be lost.</summary>
    internal Task<string> MemberLost { get; }

    internal Guid Id { get; }

    /// <summary>False inside a <see cref="NoGrad"/> scope.</summary>
    internal bool GradEnabled => Volatile.Read(ref _noGradDepth) == 0;

    /// <summary>A leaf holding <paramref name="data"/>.</summary>
    public Variable Variable(Tensor data, bool requiresGrad = false, Sharding? sharding = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ThrowIfDisposed();
        ReleaseUnreachable();
        sharding ??= Sharding.Replicated;
        if (!sharding.IsReplicated) return ShardedLeaf(data, requiresGrad, sharding);
        return LeafAt(PlaceLeaf(sharding), data, requiresGrad);
    }

    /// <summary>A leaf holding <paramref name="data"/> on <paramref name="host"/>.</summary>
    internal Variable LeafAt(IActorRef host, Tensor data, bool requiresGrad)
    {
        var id = NextId();
        Send(host, new CreateLeaf(id, data, requiresGrad), throughWire: true);
        return new Variable(this, new NodeRef(host, id), data.Shape, requiresGrad, op: null, inputs: [], needsGrad: []);
    }

    /// <summary>
    /// Ops built inside the scope do not require grad and record no graph, like <c>torch.no_grad()</c>.
    /// Scopes nest; the scope belongs to the session (not to a thread).
    /// </summary>
    public IDisposable NoGrad()
    {
        Interlocked.Increment(ref _noGradDepth);
        return new NoGradScope(this);
    }

    /// <summary>Builds a node computing <paramref name="spec"/>; shape errors throw here, nothing waits.</summary>
    internal Variable Apply(OpSpec spec, params Variable[] inputs)
    {
        ThrowIfDisposed();
        var op = OpTable.Create(spec);
        var shapes = new int[inputs.Length][];
        for (int i = 0; i < inputs.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(inputs[i]);
            if (!ReferenceEquals(inputs[i].Session, this))
                throw new ArgumentException($"{spec.Name}: input {i} belongs to another session");
            shapes[i] = inputs[i].ShapeView;
        }
        var shape = GradientRules.InferShape(op, shapes);
        if (inputs.Any(i => i.IsSharded)) return ApplySharded(spec, op, inputs, shape);
        return Create(spec, op, inputs, shape, PlaceOp(inputs));
    }

    /// <summary>Creates the node of an already shape-checked op on <paramref name="host"/>.</summary>
    internal Variable Create(OpSpec spec, Op op, Variable[] inputs, int[] shape, IActorRef host)
    {
        bool enabled = GradEnabled, requiresGrad = false;
        var needsGrad = new bool[inputs.Length];
        var refs = new NodeRef[inputs.Length];
        for (int i = 0; i < inputs.Length; i++)
        {
            needsGrad[i] = enabled && inputs[i].RequiresGrad && op.IsDifferentiable(i);
            requiresGrad |= needsGrad[i];
            refs[i] = inputs[i].Ref;
        }
        ReleaseUnreachable();
        var id = NextId();
        _outbox.Add(host, new CreateOp(id, spec, refs, needsGrad));
        GC.KeepAlive(inputs);  // no input may be released before its subscriber is recorded
        return requiresGrad
            ? new Variable(this, new NodeRef(host, id), shape, true, op, inputs, needsGrad)
            : new Variable(this, new NodeRef(host, id), shape, false, op: null, inputs: [], needsGrad: []);
    }

    /// <summary>A leaf that takes <paramref name="source"/>'s value and never requires grad.</summary>
    internal Variable Detach(Variable source)
    {
        ThrowIfDisposed();
        var host = source.Ref.Host;  // the copy lives with its source: the value never moves
        var id = NextId();
        Send(host, new CreateDetached(id, source.Ref));
        GC.KeepAlive(source);
        return new Variable(this, new NodeRef(host, id), source.ShapeView, false, op: null, inputs: [], needsGrad: []);
    }

    /// <summary>
    /// Sends a request to <paramref name="host"/> after the definitions built before it and waits
    /// for the answer; a lost member or silence past the deadline throws, naming <paramref name="describe"/>().
    /// </summary>
    /// <param name="posted">
    /// Post the request with the session's next flush (<see cref="Post"/>) instead of sending it now: for
    /// requests whose answer nobody waits for at once (an optimizer step), which then ride with what follows.
    /// </param>
    internal async Task<IReply> RequestAsync(IActorRef host, Func<long, IAutogradMessage> makeRequest, Func<string> describe,
        NodeId? node = null, string? op = null, bool posted = false)
    {
        ThrowIfDisposed();
        Task<IReply> request;
        if (posted)
        {
            request = Engine.Replies.Expect(makeRequest, describe, out var message);
            Post(host, message);
        }
        else
        {
            Flush();
            request = Engine.Replies.Request(host, makeRequest, describe);
        }
        // A member that goes away never answers: fail at once instead of at the deadline.
        var lost = MemberLost;
        if (await Task.WhenAny(request, lost) == lost)
            throw new AutogradException($"{describe()} failed: member {lost.Result} left the cluster or crashed", node, op);
        return await request;
    }

    private NodeId NextId() => new(Id, Interlocked.Increment(ref _lastSeq));

    // Placement of what is not sharded: a leaf on the first member, an op with its first input, so
    // an elementwise chain never crosses members (shards are placed by ShardHost).
    private IActorRef PlaceLeaf(Sharding sharding) => Hosts[0];

    private IActorRef PlaceOp(Variable[] inputs) => inputs.Length > 0 ? inputs[0].Ref.Host : Hosts[0];

    internal void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed != 0, this);

    /// <summary>Frees the session's nodes on every member and waits for each host to confirm.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0 || Engine.IsDisposed) return;
        Engine.SessionClosed?.Invoke(this);
        Flush();  // so no definition can arrive after its session was freed and be rejected with a warning
        var free = new FreeSession(Id);
        if (MemberLost.IsCompleted)
        {
            // A lost member will never confirm: free what the others hold without waiting.
            foreach (var host in Hosts) host.Tell(free, Sender);
            return;
        }
        var freed = Task.WhenAll(Hosts.Select(h => h.Ask<SessionFreed>(free, Engine.Timeout)));
        // A member lost meanwhile (or just before: the loss may be known to the tracker a moment before this
        // session's task completes) never confirms: the others were told, and nobody waits for it.
        if (await Task.WhenAny(freed, MemberLost) == freed) await freed;
        else _ = freed.ContinueWith(t => t.Exception, TaskContinuationOptions.OnlyOnFaulted);
    }

    private sealed class NoGradScope(Session session) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) Interlocked.Decrement(ref session._noGradDepth);
        }
    }
}
