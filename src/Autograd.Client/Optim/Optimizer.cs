using Autograd.Optim;
using Autograd.Protocol;

namespace Autograd.Client.Optim;

/// <summary>
/// An optimizer over parameters that stay on their members, like <c>torch.optim.Optimizer</c> with
/// one parameter group. <see cref="StepAsync"/> sends one small message per member holding
/// parameters; each parameter's node updates its own value beside its <c>.Grad</c> and keeps its
/// state (momentum, moments) there, so no value, gradient or state crosses the network for a step.
/// Ops built after a step read the new values; a graph built before keeps the values it read.
/// </summary>
public abstract class Optimizer
{
    private readonly Variable[] _parameters;
    private readonly ParameterHosts _hosts;
    private float _learningRate;

    protected private Optimizer(IEnumerable<Variable> parameters, float learningRate)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _parameters = [.. parameters];
        if (_parameters.Length == 0) throw new ArgumentException("optimizer got an empty parameter list", nameof(parameters));
        var seen = new HashSet<Variable>(ReferenceEqualityComparer.Instance);
        foreach (var p in _parameters)
        {
            ArgumentNullException.ThrowIfNull(p, nameof(parameters));
            if (!p.IsParameter)
                throw new ArgumentException($"can't optimize {p}: only leaves that require grad are parameters", nameof(parameters));
            if (!seen.Add(p)) throw new ArgumentException($"{p} appears more than once in the parameter list", nameof(parameters));
        }
        _hosts = new ParameterHosts(_parameters);
        _learningRate = learningRate;
        InitialLearningRate = learningRate;
    }

    public IReadOnlyList<Variable> Parameters => _parameters;

    /// <summary>The learning rate of the next step (schedulers set it); validated like the constructor's.</summary>
    public float LearningRate
    {
        get => _learningRate;
        set
        {
            (Spec with { Lr = value }).Validate();
            _learningRate = value;
        }
    }

    /// <summary>The learning rate the optimizer was built with (PyTorch's <c>initial_lr</c>), where schedules start from.</summary>
    public float InitialLearningRate { get; }

    /// <summary>The rule and hyper-parameters of the next step, as sent to the members.</summary>
    private protected abstract OptimizerSpec Spec { get; }

    /// <summary>
    /// One update of every parameter that has a gradient, on its member (a parameter without one is
    /// skipped, as in PyTorch). Backward passes started before wait to finish first.
    /// <para>
    /// The step is posted, not waited for: it goes out with the next message the session sends to each
    /// member (in one bundle with the next zero-grad, graph and backward plan), and everything sent
    /// afterwards reaches each member after it (one ordered channel per member), so ops built afterwards
    /// read the new values and reads see them, exactly as if the call had waited; a training step then
    /// costs one message each way (its backward pass) instead of four. A step that fails on a member
    /// (which the checks made here leave to a lost member) is thrown by the optimizer's next call.
    /// </para>
    /// </summary>
    public async Task StepAsync()
    {
        var spec = Spec.Validate();
        await Task.WhenAll(_hosts.Groups.Select(g => g.Session).Distinct().Select(s => s.PassesEnded()));
        await Send("optimizer step", g => r => new StepParameters(g.Session.Id, r, g.Seqs, spec));
        foreach (var p in _parameters)
            if (p.IsSharded) p.ShardsChanged();
    }

    /// <summary>
    /// Sets every parameter's gradient to zeros (PyTorch 1.13's <c>zero_grad()</c>); one message per member,
    /// posted and not waited for, as <see cref="StepAsync"/>.
    /// </summary>
    public Task ZeroGradAsync() => Send("zero_grad", g => r => new ZeroGrads(g.Session.Id, r, g.Seqs));

    // Steps and zero-grads sent and not yet answered, oldest first. Answers come back in order (one
    // channel per member); at most a few are outstanding, so a client that never waits is still held back.
    private readonly Queue<Task> _inFlight = new();
    private const int MaxInFlight = 4;

    /// <summary>Sends one request per member; throws the failure of an earlier one, if it failed.</summary>
    private async Task Send(string what, Func<ParameterHosts.Group, Func<long, IAutogradMessage>> request)
    {
        while (_inFlight.TryPeek(out var oldest) && (oldest.IsCompleted || _inFlight.Count >= MaxInFlight))
        {
            if (!oldest.IsCompleted) FlushSessions();   // it may still be waiting to go out
            await _inFlight.Dequeue();   // completed: free; a failure surfaces here
        }
        // Posted: the request goes out with what the session sends next (the next graph, its backward plan).
        var replies = _hosts.Groups.Select(g =>
            g.Session.RequestAsync(g.Host, request(g), () => $"{what} on member {g.Host.Path.Address}", posted: true)).ToArray();
        _inFlight.Enqueue(Check(what, replies));
    }

    /// <summary>Waits until every step and zero-grad sent so far is done on its members (throwing a failure).</summary>
    internal async Task SettledAsync()
    {
        FlushSessions();
        while (_inFlight.TryDequeue(out var request)) await request;
    }

    private void FlushSessions()
    {
        foreach (var group in _hosts.Groups) group.Session.Flush();
    }

    private async Task Check(string what, Task<IReply>[] requests)
    {
        foreach (var reply in await Task.WhenAll(requests))
        {
            switch (reply)
            {
                case RequestFailed f:
                    throw new AutogradException($"{what} failed at parameter node {f.Origin} ({f.Op}): {f.Message}", f.Origin, f.Op);
                case Rejected r:
                    throw new AutogradException($"{what} was rejected: {r.Reason}");
            }
        }
        GC.KeepAlive(_parameters);
    }

    /// <summary>
    /// The optimizer's state as tensors, for a checkpoint: <c>state.{i}.{name}</c> for parameter i
    /// (PyTorch's optimizer state_dict layout, e.g. <c>state.0.exp_avg</c>) and
    /// <c>param_groups.0.lr</c>. Copies are read from the members.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, Tensor>> StateDictAsync()
    {
        await SettledAsync();
        var states = await Task.WhenAll(_parameters.Select(p => p.OptimizerStateAsync()));
        var dict = new SortedDictionary<string, Tensor>(StringComparer.Ordinal) { [LearningRateKey] = Tensor.Scalar(_learningRate) };
        for (int i = 0; i < states.Length; i++)
            foreach (var (name, tensor) in states[i])
                dict[$"state.{i}.{name}"] = tensor;
        return dict;
    }

    /// <summary>Restores what <see cref="StateDictAsync"/> gave (every parameter's state is replaced; one without entries starts afresh).</summary>
    public async Task LoadStateDictAsync(IReadOnlyDictionary<string, Tensor> stateDict)
    {
        ArgumentNullException.ThrowIfNull(stateDict);
        var perParameter = _parameters.Select(_ => new Dictionary<string, Tensor>()).ToArray();
        float? learningRate = null;
        foreach (var (key, tensor) in stateDict)
        {
            if (key == LearningRateKey)
            {
                learningRate = tensor.Count == 1 ? tensor.Item() : throw new ArgumentException($"{key} must hold one value");
                continue;
            }
            var parts = key.Split('.', 3);
            if (parts.Length != 3 || parts[0] != "state" || !int.TryParse(parts[1], out int index))
                throw new ArgumentException($"unexpected key '{key}' in optimizer state dict");
            if ((uint)index >= (uint)_parameters.Length)
                throw new ArgumentException($"optimizer state dict has state for parameter {index}, but the optimizer has {_parameters.Length} parameters");
            perParameter[index][parts[2]] = tensor;
        }
        if (learningRate is float lr) LearningRate = lr;
        await SettledAsync();
        await Task.WhenAll(_parameters.Select((p, i) => p.SetOptimizerStateAsync(perParameter[i])));
    }

    private const string LearningRateKey = "param_groups.0.lr";
}
