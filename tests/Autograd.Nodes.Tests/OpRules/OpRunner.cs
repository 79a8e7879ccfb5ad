using Autograd.Ops;

namespace Autograd.Nodes.Tests.OpRules;

/// <summary>Runs one op from the table the way the engine does: shape rule, forward, then GradientRules.</summary>
internal static class OpRunner
{
    public static (Tensor Output, Tensor?[] Gradients) Run(OpSpec spec, Tensor? gradOutput, params Tensor[] inputs)
    {
        var op = OpTable.Create(spec);
        var shape = GradientRules.InferShape(op, inputs.Select(t => t.Shape).ToArray());
        var output = op.Forward(inputs);
        Assert.Equal(shape, output.Shape);
        var needsGrad = Enumerable.Range(0, op.Arity).Select(op.IsDifferentiable).ToArray();
        var gradients = GradientRules.Apply(op, gradOutput ?? Tensor.Ones(shape), inputs, output, needsGrad);
        return (output, gradients);
    }

    public static Tensor T(float[] data, params int[] shape) => Tensor.FromArray(data, shape);
}
