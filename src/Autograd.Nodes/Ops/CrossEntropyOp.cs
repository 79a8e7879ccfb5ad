using System.Numerics.Tensors;

namespace Autograd.Ops;

/// <summary>
/// Cross entropy of logits [N, C] against class indices [N] (stored as float32), mean over N,
/// shape []. Fused: per row loss = logsumexp(row) - row[label], computed stably, with no
/// log_softmax node in between. d/dlogits = g (softmax(row) - onehot(label)) / N; the labels
/// have no derivative.
/// </summary>
public sealed class CrossEntropyOp(OpSpec spec) : Op(spec)
{
    public override string GradFnName => "NllLossBackward";
    public override int Arity => 2;

    public override bool IsDifferentiable(int input) => input == 0;

    public override int[] InferShape(IReadOnlyList<int[]> inputShapes)
    {
        int[] logits = inputShapes[0], labels = inputShapes[1];
        if (logits.Length != 2 || labels.Length != 1 || labels[0] != logits[0])
            throw new ArgumentException(
                $"cross_entropy: expects logits [N, C] and labels [N], got {Tensor.ShapeText(logits)} and {Tensor.ShapeText(labels)}");
        return [];
    }

    public override Tensor Forward(IReadOnlyList<Tensor> inputs)
    {
        Tensor logits = inputs[0];
        int n = logits.Dims[0], c = logits.Dims[1];
        var labels = Labels(inputs[1], c);
        var x = logits.Span;
        double total = 0;
        float[] scratch = new float[c];
        for (int i = 0; i < n; i++)
        {
            var row = x.Slice(i * c, c);
            float max = TensorPrimitives.Max(row);
            TensorPrimitives.Subtract(row, max, scratch);
            TensorPrimitives.Exp(scratch, scratch);
            total += max + MathF.Log(TensorPrimitives.Sum(scratch)) - row[labels[i]];
        }
        return Tensor.Scalar((float)(total / n));
    }

    public override Tensor?[] Backward(Tensor gradOutput, IReadOnlyList<Tensor> inputs, Tensor output, bool[] needsGrad)
    {
        if (!needsGrad[0]) return [null, null];
        Tensor logits = inputs[0];
        int n = logits.Dims[0], c = logits.Dims[1];
        var labels = Labels(inputs[1], c);
        float scale = gradOutput.Item() / n;
        var grad = new float[n * c];
        var x = logits.Span;
        for (int i = 0; i < n; i++)
        {
            var row = grad.AsSpan(i * c, c);
            var source = x.Slice(i * c, c);
            TensorPrimitives.Subtract(source, TensorPrimitives.Max(source), row);
            TensorPrimitives.SoftMax(row, row);
            row[labels[i]] -= 1f;
            TensorPrimitives.Multiply(row, scale, row);
        }
        return [Tensor.Wrap(grad, logits.Shape), null];
    }

    /// <summary>The labels as indices; each must be a whole number in [0, C).</summary>
    private static int[] Labels(Tensor labels, int classes)
    {
        var values = labels.Span;
        var indices = new int[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            float v = values[i];
            if (!(v >= 0 && v < classes) || v != MathF.Floor(v))
                throw new ArgumentException(
                    $"cross_entropy: label {v} at position {i} is not a class index in [0, {classes - 1}] (the logits have {classes} classes)");
            indices[i] = (int)v;
        }
        return indices;
    }
}
