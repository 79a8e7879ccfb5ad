namespace Autograd.Client.Nn;

// Activation modules: no parameters, one op each (torch.nn.ReLU, Tanh, Sigmoid, Softmax, LogSoftmax, Flatten).

public sealed class ReLU : Module
{
    public override Variable Forward(Variable input) => input.Relu();
}

public sealed class Tanh : Module
{
    public override Variable Forward(Variable input) => input.Tanh();
}

public sealed class Sigmoid : Module
{
    public override Variable Forward(Variable input) => input.Sigmoid();
}

public sealed class Softmax(int dim) : Module
{
    public int Dim { get; } = dim;

    public override Variable Forward(Variable input) => input.Softmax(Dim);
}

public sealed class LogSoftmax(int dim) : Module
{
    public int Dim { get; } = dim;

    public override Variable Forward(Variable input) => input.LogSoftmax(Dim);
}

/// <summary>Flattens every dimension after the first (the batch): [N, d1, d2...] → [N, d1·d2·...].</summary>
public sealed class Flatten : Module
{
    public override Variable Forward(Variable input) =>
        input.Shape.Length == 2 ? input : input.Reshape(input.Shape[0], -1);
}
