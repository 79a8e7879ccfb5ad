namespace Autograd.Client.Nn;

/// <summary>
/// A layer or model with parameters, like <c>torch.nn.Module</c>: parameters and child modules are
/// registered by name, so <see cref="NamedParameters"/> and <see cref="StateDict"/> use PyTorch's
/// dotted names (<c>0.weight</c>, <c>encoder.1.bias</c>) and a checkpoint loads into the
/// equivalent PyTorch module. Parameters are leaves that require grad, living on the members.
/// </summary>
public abstract class Module
{
    private readonly List<(string Name, Variable Parameter)> _parameters = [];
    private readonly List<(string Name, Module Child)> _children = [];

    /// <summary>True after <see cref="Train"/> (the default), false after <see cref="Eval"/>; modules such as dropout follow it.</summary>
    public bool IsTraining { get; private set; } = true;

    public abstract Variable Forward(Variable input);

    /// <summary>Every parameter, this module's first, then its children's in registration order.</summary>
    public IEnumerable<Variable> Parameters() => NamedParameters().Select(p => p.Parameter);

    public IEnumerable<(string Name, Variable Parameter)> NamedParameters()
    {
        foreach (var p in _parameters) yield return p;
        foreach (var (name, child) in _children)
            foreach (var (childName, parameter) in child.NamedParameters())
                yield return ($"{name}.{childName}", parameter);
    }

    public IEnumerable<(string Name, Module Child)> NamedChildren() => _children;

    /// <summary>The parameters by their PyTorch names, in order (what <see cref="Checkpoint.SaveAsync(string, IReadOnlyDictionary{string, Variable})"/> writes).</summary>
    public IReadOnlyDictionary<string, Variable> StateDict() => new OrderedStateDict(NamedParameters());

    /// <summary>
    /// Replaces every parameter's value on its member with the tensor of the same name, like
    /// <c>load_state_dict(strict=True)</c>: missing or unexpected names and shape mismatches throw
    /// before anything is changed. An optimizer over these parameters keeps working with the new values.
    /// </summary>
    public async Task LoadStateDictAsync(IReadOnlyDictionary<string, Tensor> stateDict)
    {
        ArgumentNullException.ThrowIfNull(stateDict);
        var named = NamedParameters().ToArray();
        var missing = named.Select(p => p.Name).Where(n => !stateDict.ContainsKey(n)).ToArray();
        var unexpected = stateDict.Keys.Except(named.Select(p => p.Name)).ToArray();
        if (missing.Length > 0 || unexpected.Length > 0)
            throw new ArgumentException(
                $"Error(s) in loading state_dict for {GetType().Name}: " +
                $"Missing key(s): [{string.Join(", ", missing)}]. Unexpected key(s): [{string.Join(", ", unexpected)}].");
        foreach (var (name, parameter) in named)
            if (!stateDict[name].Dims.SequenceEqual(parameter.ShapeView))
                throw new ArgumentException(
                    $"size mismatch for {name}: copying a param with shape {Tensor.ShapeText(stateDict[name].Dims)} from checkpoint, " +
                    $"the shape in current model is {Tensor.ShapeText(parameter.ShapeView)}.");
        await Task.WhenAll(named.Select(p => p.Parameter.AssignAsync(stateDict[p.Name])));
    }

    /// <summary>Training mode for this module and its children; returns this module.</summary>
    public Module Train(bool mode = true)
    {
        IsTraining = mode;
        foreach (var (_, child) in _children) child.Train(mode);
        return this;
    }

    /// <summary>Evaluation mode (<c>Train(false)</c>).</summary>
    public Module Eval() => Train(false);

    /// <summary>Zeroes the gradients of every parameter.</summary>
    public Task ZeroGradAsync() => Task.WhenAll(Parameters().Select(p => p.ZeroGradAsync()));

    protected Variable RegisterParameter(string name, Variable parameter)
    {
        CheckName(name);
        if (!parameter.IsParameter) throw new ArgumentException($"parameter '{name}' must be a leaf that requires grad");
        _parameters.Add((name, parameter));
        return parameter;
    }

    protected T RegisterModule<T>(string name, T module) where T : Module
    {
        CheckName(name);
        ArgumentNullException.ThrowIfNull(module);
        _children.Add((name, module));
        return module;
    }

    private void CheckName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('.'))
            throw new ArgumentException($"a parameter or module name must be non-empty and contain no '.', got '{name}'");
        if (_parameters.Any(p => p.Name == name) || _children.Any(c => c.Name == name))
            throw new ArgumentException($"attribute '{name}' already exists");
    }

    /// <summary>A read-only dictionary that keeps registration order, as PyTorch's OrderedDict.</summary>
    private sealed class OrderedStateDict(IEnumerable<(string Name, Variable Parameter)> items) : IReadOnlyDictionary<string, Variable>
    {
        private readonly (string Name, Variable Parameter)[] _items = [.. items];
        private readonly Dictionary<string, Variable> _index = items.ToDictionary(i => i.Name, i => i.Parameter);

        public Variable this[string key] => _index[key];
        public IEnumerable<string> Keys => _items.Select(i => i.Name);
        public IEnumerable<Variable> Values => _items.Select(i => i.Parameter);
        public int Count => _items.Length;
        public bool ContainsKey(string key) => _index.ContainsKey(key);
        public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out Variable value) => _index.TryGetValue(key, out value);

        public IEnumerator<KeyValuePair<string, Variable>> GetEnumerator() =>
            _items.Select(i => KeyValuePair.Create(i.Name, i.Parameter)).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
