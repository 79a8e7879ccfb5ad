namespace Autograd.Client.Nn;

/// <summary>torch.nn.GELU: the exact (erf) GELU, x · Φ(x), elementwise; no parameters.</summary>
public sealed class GELU : Module
{
    public override Variable Forward(Variable input) => input.Gelu();
}
