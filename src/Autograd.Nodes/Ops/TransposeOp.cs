using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>The transpose of a 2-D tensor (PyTorch's t()). d/dx = gᵀ.</summary>
public sealed class TransposeOp(OpSpec spec) : Op(spec)
{
    public override string GradFnName => "TBackward";
    public override int Arity => 1;
    public override bool SavesTensors => false;

    public override int[] InferShape(IReadOnlyList<int[]> inputShapes)
    {
        var shape = inputShapes[0];
        if (shape.Length != 2)
            throw new ArgumentException($"transpose: expects a 2-D tensor, got shape {Tensor.ShapeText(shape)} ({shape.Length}-D)");
        return [shape[1], shape[0]];
    }

    public override Tensor Forward(IReadOnlyList<Tensor> inputs) => Transpose.Matrix(inputs[0]);

    public override Tensor?[] Backward(Tensor gradOutput, IReadOnlyList<Tensor> inputs, Tensor output, bool[] needsGrad) =>
        [needsGrad[0] ? Transpose.Matrix(gradOutput) : null];
}
