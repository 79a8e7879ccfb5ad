using System.Numerics.Tensors;
using Akka.Actor;
using Autograd.Actors;
using Autograd.Client.Graph;
using Autograd.Ops;
using Autograd.Protocol;

namespace Autograd.Client;

/// <summary>
/// A node of a define-by-run graph, as PyTorch's Variable/Tensor with autograd. The value lives
/// in a node actor on some member; this object is the client's record of the graph (op, inputs,
/// shape, requires-grad) plus the node's address. Building ops never waits; reading values does.
/// </summary>
public sealed partial class Variable : IBackwardNode
{
    private readonly int[] _shape;
    private readonly Variable[] _inputs;
    private readonly bool[] _needsGrad;
    private volatile bool _savedTensorsFreed;

    internal Variable(Session session, NodeRef nodeRef, int[] shape, bool requiresGrad, Op? op, Variable[] inputs, bool[] needsGrad)
    {
        Session = session;
        _ref = nodeRef;
        _shape = shape;
        RequiresGrad = requiresGrad;
        Op = op;
        _inputs = inputs;
        _needsGrad = needsGrad;
        GradFn = op is null ? null : new GradFn(op.GradFnName, this);
        _nodeHost = nodeRef.Host;
        _nodeSeq = nodeRef.Id.Seq;
        if (session.Engine.MembersElsewhere)
        {
            long elements = 1;
            foreach (var size in shape) elements *= size;
            Graph.RemoteTensorBudget.Process.Created(elements * sizeof(float));
        }
    }

    /// <summary>
    /// Nobody can use this node again (no op can take it as input, nobody can ask for its value),
    /// so its actor side may go: queued for the session's next release. Inputs of live variables
    /// stay reachable through them, so a graph that can still be backpropagated is never released.
    /// </summary>
    ~Variable()
    {
        if (!Session.IsDisposed) Session.Unreachable.Add(_nodeHost, _nodeSeq);
    }

    // The node the finalizer releases: read from fields, never computed on the finalizer thread.
    private readonly IActorRef _nodeHost = ActorRefs.Nobody;
    private readonly long _nodeSeq;

    internal Session Session { get; }

    private readonly NodeRef? _ref;

    /// <summary>Where the node lives; for a sharded variable, its gather node (created on first use).</summary>
    internal NodeRef Ref => _ref ?? Gathered.Ref;

    internal NodeId Id => Ref.Id;

    /// <summary>The op that computed this variable, null for leaves (including results that need no grad).</summary>
    internal Op? Op { get; }

    internal int[] ShapeView => _shape;

    /// <summary>A copy of the sizes.</summary>
    public int[] Shape => (int[])_shape.Clone();

    public bool RequiresGrad { get; }

    /// <summary>True for variables created by the user and for every variable that does not require grad (PyTorch's convention).</summary>
    public bool IsLeaf => Op is null;

    /// <summary>The backward function; null for leaves.</summary>
    public GradFn? GradFn { get; }

    /// <summary>The value, once computed; a failure upstream throws <see cref="AutogradException"/> naming the node and op.</summary>
    public async Task<Tensor> DataAsync() =>
        IsSharded ? await ShardedDataAsync() : ((NodeValue)await RequestAsync(r => new GetValue(Id, r), "DataAsync")).Value;

    /// <summary>The accumulated gradient of a leaf that requires grad; null otherwise or before any backward pass.</summary>
    public async Task<Tensor?> GradAsync()
    {
        if (!IsLeaf || !RequiresGrad) return null;  // only such leaves accumulate, as in PyTorch
        if (IsSharded) return await ShardedGradAsync();
        return ((NodeGrad)await RequestAsync(r => new GetGrad(Id, r), "GradAsync")).Grad;
    }

    /// <summary>The single value of a one-element variable.</summary>
    public async Task<float> ItemAsync() => (await DataAsync()).Item();

    /// <summary>The 2-norm over all elements.</summary>
    public async Task<float> NormAsync() => TensorPrimitives.Norm((await DataAsync()).Span);

    /// <summary>Sets the accumulated gradient to zeros (as <c>x.grad.zero_()</c>); nothing to do without one.</summary>
    public async Task ZeroGradAsync()
    {
        if (!IsLeaf || !RequiresGrad) return;
        if (IsSharded)
        {
            await Task.WhenAll(Shards!.Select(s => s.ZeroGradAsync()));
            return;
        }
        await RequestAsync(r => new ZeroGrad(Id, r), "ZeroGradAsync");
    }

    /// <summary>A new leaf with the same value that does not require grad and records no graph.</summary>
    public Variable Detach() => IsSharded ? ShardedDetach() : Session.Detach(this);

    /// <summary>
    /// Computes the gradient of this variable with respect to every leaf that requires grad and
    /// adds it to their grads. <paramref name="gradient"/> may be omitted only for a one-element
    /// variable. Without <paramref name="retainGraph"/> the graph's saved tensors are freed, so a
    /// second pass through it throws.
    /// </summary>
    public Task BackwardAsync(Tensor? gradient = null, bool retainGraph = false)
    {
        try
        {
            return BackwardPass.Start(IsSharded ? Gathered : this, gradient, retainGraph);
        }
        catch (Exception e)
        {
            return Task.FromException(e);
        }
    }

    /// <summary>What <see cref="Client.GradFn.NextFunctions"/> lists: per input, where its gradient goes.</summary>
    internal IReadOnlyList<(GradFn? Function, int InputNumber)> NextFunctions()
    {
        var next = new (GradFn?, int)[_inputs.Length];
        for (int i = 0; i < next.Length; i++)
        {
            var input = _inputs[i];
            next[i] = !_needsGrad[i] ? (null, 0)
                : input.IsLeaf ? (input._accumulateGrad ??= new GradFn(Client.GradFn.AccumulateGrad, input), 0)
                : (input.GradFn, 0);
        }
        return next;
    }

    // A leaf's AccumulateGrad, made the first time a consumer's NextFunctions reaches it (one per leaf, as PyTorch).
    private GradFn? _accumulateGrad;

    /// <summary>PyTorch-like printing of the value with its grad_fn or requires_grad, e.g. <c>tensor([3., 3.], grad_fn=&lt;AddBackward0&gt;)</c>.</summary>
    public async Task<string> ToStringAsync()
    {
        var value = await DataAsync();
        var suffix = GradFn is not null ? $", grad_fn={GradFn})" : RequiresGrad ? ", requires_grad=True)" : ")";
        return TensorFormatter.Format(value, "tensor(", suffix);
    }

    public override string ToString() =>
        // A sharded variable prints its sharding: asking for its Id would build its gather node.
        $"Variable({(IsSharded ? Sharding.ToString() : Id.ToString())}, shape {Tensor.ShapeText(_shape)}{(GradFn is null ? RequiresGrad ? ", requires_grad" : "" : $", grad_fn={GradFn}")})";

    internal bool SavedTensorsFreed => _savedTensorsFreed;

    internal void MarkSavedTensorsFreed() => _savedTensorsFreed = true;

    /// <summary>Asks the node's host; turns failures, rejections and silence into exceptions naming the node.</summary>
    private async Task<IReply> RequestAsync(Func<long, INodeRequest> makeRequest, string what)
    {
        var reply = await Session.RequestAsync(Ref.Host, makeRequest, () => $"{what} on node {Id} ({OpName})", Id, OpName);
        GC.KeepAlive(this);  // the node must not be released while a request to it is in flight
        return ThrowIfFailed(reply, what);
    }

    /// <summary>A <see cref="RequestFailed"/> or <see cref="Rejected"/> answer as the exception the caller sees; anything else as is.</summary>
    internal IReply ThrowIfFailed(IReply reply, string what) => reply switch
    {
        RequestFailed f => throw new AutogradException(
            f.Origin == Id
                ? $"node {f.Origin} ({f.Op}) failed: {f.Message}"
                : $"node {Id} ({OpName}) has no value because node {f.Origin} ({f.Op}) failed: {f.Message}",
            f.Origin, f.Op),
        Rejected r => throw new AutogradException($"{what} on node {Id} ({OpName}) was rejected: {r.Reason}", Id, OpName),
        _ => reply,
    };

    internal string OpName => Op?.Name ?? "leaf";

    IReadOnlyList<IBackwardNode> IBackwardNode.Inputs => _inputs;

    bool IBackwardNode.NeedsGrad(int input) => _needsGrad[input];

    bool IBackwardNode.SavesTensors => Op?.SavesTensors ?? false;

    bool IBackwardNode.SavedTensorsFreed => _savedTensorsFreed;

    string IBackwardNode.Describe() => $"node {Id} ({GradFn?.ToString() ?? "leaf"})";
}
