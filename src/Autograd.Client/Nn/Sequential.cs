namespace Autograd.Client.Nn;

/// <summary>Modules applied in order, named "0", "1", ... as in <c>torch.nn.Sequential</c>.</summary>
public sealed class Sequential : Module
{
    private readonly Module[] _modules;

    public Sequential(params Module[] modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        _modules = [.. modules];
        for (int i = 0; i < _modules.Length; i++) RegisterModule(i.ToString(System.Globalization.CultureInfo.InvariantCulture), _modules[i]);
    }

    public int Count => _modules.Length;

    public Module this[int index] => _modules[index];

    public override Variable Forward(Variable input)
    {
        foreach (var module in _modules) input = module.Forward(input);
        return input;
    }
}
