using Autograd.Ops;
using Xunit.Sdk;

namespace Autograd.Nodes.Tests.Ops;

/// <summary>
/// PyTorch-style gradcheck for float32 ops: compares the gradients from
/// <see cref="GradientRules.Apply"/> with central finite differences through <see cref="Op.Forward"/>.
/// The output is projected onto a random tensor r, L = Σ out · r, so every input element is
/// checked against one scalar; r is random (not ones) so that a rule that mixes up output
/// positions, or sums a broadcast gradient back wrongly, cannot pass by symmetry.
/// </summary>
public static class GradCheck
{
    /// <summary>Finite-difference step relative to the input's magnitude: large enough for float32 rounding, small enough for curvature.</summary>
    public const double RelativeStep = 1e-3;

    public const double Atol = 1e-2, Rtol = 1e-2;

    /// <summary>Every disagreement between the rule and finite differences; empty when the rule is right.</summary>
    public static IReadOnlyList<string> FindMismatches(Op op, IReadOnlyList<Tensor> inputs, int seed)
    {
        var output = op.Forward(inputs);
        var projection = Tensor.RandomNormal(seed, output.Shape);
        // inputs without a derivative (cross_entropy's class indices) are skipped, by asking the op
        var needsGrad = Enumerable.Range(0, inputs.Count).Select(op.IsDifferentiable).ToArray();
        var analytic = GradientRules.Apply(op, projection, inputs, output, needsGrad).ToArray();

        var problems = new List<string>();
        if (analytic.Length != inputs.Count)
            return [$"{analytic.Length} gradients for {inputs.Count} inputs"];
        for (int k = 0; k < inputs.Count; k++)
        {
            if (!needsGrad[k])
            {
                if (analytic[k] is not null) problems.Add($"input {k} has no derivative but got a gradient");
                continue;
            }
            if (analytic[k] is not { } grad)
            {
                problems.Add($"input {k}: no gradient");
                continue;
            }
            if (!grad.Dims.SequenceEqual(inputs[k].Dims))
            {
                problems.Add($"input {k}: gradient shape {Tensor.ShapeText(grad.Dims)}, input shape {Tensor.ShapeText(inputs[k].Dims)}");
                continue;
            }
            CompareElements(op, inputs, k, grad, projection, problems);
        }
        return problems;
    }

    /// <summary>Fails with the op, the input shapes and the first disagreements.</summary>
    public static void AssertGradientsMatch(Op op, IReadOnlyList<Tensor> inputs, int seed)
    {
        var problems = FindMismatches(op, inputs, seed);
        if (problems.Count == 0) return;
        string shapes = string.Join(", ", inputs.Select(x => Tensor.ShapeText(x.Dims)));
        throw new XunitException(
            $"gradcheck failed for {op.Name}({shapes}): {problems.Count} mismatches\n  " +
            string.Join("\n  ", problems.Take(10)));
    }

    private static void CompareElements(
        Op op, IReadOnlyList<Tensor> inputs, int k, Tensor grad, Tensor projection, List<string> problems)
    {
        var data = inputs[k].ToArray();
        var shape = inputs[k].Shape;
        for (int i = 0; i < data.Length; i++)
        {
            float x = data[i];
            float step = (float)(RelativeStep * Math.Max(1.0, Math.Abs(x)));
            float up = x + step, down = x - step;
            data[i] = up;
            double lossUp = ProjectedOutput(op, inputs, k, Tensor.FromArray(data, shape), projection);
            data[i] = down;
            double lossDown = ProjectedOutput(op, inputs, k, Tensor.FromArray(data, shape), projection);
            data[i] = x;

            // divide by the step float32 really took, not the one asked for
            double numeric = (lossUp - lossDown) / ((double)up - down);
            double rule = grad.Span[i];
            if (!(Math.Abs(numeric - rule) <= Atol + Rtol * Math.Abs(rule)))
                problems.Add($"input {k} element {i}: finite differences {numeric:G6}, gradient rule {rule:G6}");
        }
    }

    /// <summary>L = Σ out · r with input <paramref name="k"/> replaced, accumulated in double.</summary>
    private static double ProjectedOutput(Op op, IReadOnlyList<Tensor> inputs, int k, Tensor replacement, Tensor projection)
    {
        var changed = inputs.ToArray();
        changed[k] = replacement;
        var output = op.Forward(changed).Span;
        var r = projection.Span;
        double sum = 0;
        for (int j = 0; j < output.Length; j++) sum += (double)output[j] * r[j];
        return sum;
    }
}
