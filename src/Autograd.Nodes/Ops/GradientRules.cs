using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>
/// The work every gradient rule shares, written once for the engine: arity and shape checks,
/// the "no gradient rule" error, summing a broadcast gradient back to its input's shape, and
/// accumulation (<c>+=</c>) at shared inputs and leaves. Op rules stay one formula each.
/// </summary>
public static class GradientRules
{
    /// <summary>Checks the arity, then asks the op for its output shape.</summary>
    public static int[] InferShape(Op op, IReadOnlyList<int[]> shapes)
    {
        CheckArity(op, shapes.Count);
        return op.InferShape(shapes);
    }

    /// <summary>
    /// Applies <paramref name="op"/>'s VJP and returns one gradient per input, each in that input's
    /// shape, null where <paramref name="needsGrad"/> is false or the input is not differentiable.
    /// </summary>
    public static Tensor?[] Apply(Op op, Tensor gradOutput, IReadOnlyList<Tensor> inputs, Tensor output, bool[] needsGrad)
    {
        CheckArity(op, inputs.Count, needsGrad.Length);
        if (!gradOutput.Dims.SequenceEqual(output.Dims))
            throw new ArgumentException(
                $"{op.Name}: the gradient of the output has shape {Tensor.ShapeText(gradOutput.Dims)} " +
                $"but the output has shape {Tensor.ShapeText(output.Dims)}");

        var gradients = op.Backward(gradOutput, inputs, output, needsGrad);
        if (gradients.Length != op.Arity)
            throw new InvalidOperationException($"{op.Name}: the gradient rule returned {gradients.Length} gradients for {op.Arity} inputs");

        for (int i = 0; i < gradients.Length; i++)
        {
            if (!needsGrad[i] || !op.IsDifferentiable(i))
            {
                gradients[i] = null;
                continue;
            }
            var gradient = gradients[i] ?? throw new InvalidOperationException($"no gradient rule for {op.Name} input {i}");
            gradient = Broadcasting.SumToShape(gradient, inputs[i].Dims);
            if (!gradient.Dims.SequenceEqual(inputs[i].Dims))
                throw new InvalidOperationException(
                    $"{op.Name}: the gradient for input {i} has shape {Tensor.ShapeText(gradient.Dims)} " +
                    $"but the input has shape {Tensor.ShapeText(inputs[i].Dims)}");
            gradients[i] = gradient;
        }
        return gradients;
    }

    /// <summary>A leaf's grad plus the sum of a pass's gradients, which must have the leaf's <paramref name="shape"/>.</summary>
    public static Tensor AccumulateInto(Tensor? grad, Tensor sum, ReadOnlySpan<int> shape)
    {
        if (!sum.Dims.SequenceEqual(shape))
            throw new InvalidOperationException(
                $"gradient of shape {Tensor.ShapeText(sum.Dims)} does not match the value's shape {Tensor.ShapeText(shape)}");
        return Accumulate(grad, sum);
    }

    /// <summary>A node defined with <paramref name="inputs"/> inputs and <paramref name="gradFlags"/> needs-grad flags: both must be the op's arity.</summary>
    public static void CheckArity(Op op, int inputs, int gradFlags)
    {
        CheckArity(op, inputs);
        if (gradFlags != op.Arity)
            throw new ArgumentException($"{op.Name}: needsGrad has {gradFlags} entries but the op takes {op.Arity} inputs");
    }

    /// <summary>sum + gradient (a new tensor; neither is changed). A null sum is the first contribution.</summary>
    public static Tensor Accumulate(Tensor? sum, Tensor gradient)
    {
        if (sum is null) return gradient;
        if (!sum.Dims.SequenceEqual(gradient.Dims))
            throw new ArgumentException(
                $"cannot accumulate a gradient of shape {Tensor.ShapeText(gradient.Dims)} into one of shape {Tensor.ShapeText(sum.Dims)}");
        return Elementwise.Add(sum, gradient);
    }

    private static void CheckArity(Op op, int count)
    {
        if (count != op.Arity)
            throw new ArgumentException($"{op.Name} takes {op.Arity} input{(op.Arity == 1 ? "" : "s")} but got {count}");
    }
}
