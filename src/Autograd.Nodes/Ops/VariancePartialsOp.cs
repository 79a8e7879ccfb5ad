using Autograd.Tensors;

namespace Autograd.Ops;

/// <summary>
/// Joins the shards' <see cref="MomentsOp"/> results (count, mean and its remainder, M2) into the var or std of the
/// whole (var_partials, std_partials) with Chan's update, in double (<see cref="Reductions.Merge"/>),
/// with Bessel's correction when Unbiased. Its VJP treats each part's count as a variable too, so it
/// is the derivative of the formula (N = Σ n_p, μ = Σ n_p mean_p / N, M2 = Σ M2_p + Σ n_p (mean_p - μ)²,
/// V = M2 / (N - c)): dV/dM2_p = 1/(N - c), dV/dmean_p = 2 n_p (mean_p - μ)/(N - c),
/// dV/dn_p = (mean_p - μ)²/(N - c) - M2/(N - c)²; for std, times 1/(2 std) (0 where std is 0). The
/// mean and its remainder are one number split in two: each gets dV/dmean_p.
/// </summary>
public sealed class VariancePartialsOp(OpSpec spec, bool root) : Op(spec)
{
    public override string GradFnName => root ? "StdBackward" : "VarBackward";
    public override bool IsInternal => true;
    public override int Arity => Spec.Parts;

    private int Correction => Spec.Unbiased ? 1 : 0;

    public override int[] InferShape(IReadOnlyList<int[]> inputShapes) =>
        StackedPartials.InferShape(Name, Spec, inputShapes, 4, "count, mean, remainder, M2", "variance");

    public override Tensor Forward(IReadOnlyList<Tensor> inputs)
    {
        int m = inputs[0].Count / 4;
        var result = new float[m];
        var parts = new (double, double, double)[inputs.Count];
        for (int e = 0; e < m; e++)
        {
            for (int p = 0; p < inputs.Count; p++) parts[p] = Statistics(inputs[p].Span, m, e);
            var (count, _, m2) = Reductions.Merge(parts);
            double variance = Reductions.Variance(count, m2, Correction);
            result[e] = (float)(root ? Math.Sqrt(variance) : variance);
        }
        return Tensor.Wrap(result, InferShape(inputs.Select(t => t.Shape).ToList()));
    }

    public override Tensor?[] Backward(Tensor gradOutput, IReadOnlyList<Tensor> inputs, Tensor output, bool[] needsGrad)
    {
        int m = inputs[0].Count / 4;
        var grads = inputs.Select((t, p) => needsGrad[p] ? new float[t.Count] : null).ToArray();
        var g = root ? VarianceOp.GradOfVarianceFromStd(gradOutput, output).Span : gradOutput.Span;
        var parts = new (double Count, double Mean, double M2)[inputs.Count];
        for (int e = 0; e < m; e++)
        {
            for (int p = 0; p < inputs.Count; p++) parts[p] = Statistics(inputs[p].Span, m, e);
            var (count, mean, m2) = Reductions.Merge(parts);
            double dof = count - Correction;
            for (int p = 0; p < inputs.Count; p++)
            {
                if (grads[p] is not { } grad || parts[p].Count == 0) continue;   // an empty part contributes nothing
                double deviation = parts[p].Mean - mean;
                grad[e] = (float)(g[e] * (deviation * deviation / dof - m2 / (dof * dof)));
                grad[m + e] = grad[2 * m + e] = (float)(g[e] * 2 * parts[p].Count * deviation / dof);
                grad[3 * m + e] = (float)(g[e] / dof);
            }
        }
        return grads.Select((grad, p) => grad is null ? null : Tensor.Wrap(grad, inputs[p].Shape)).ToArray();
    }

    /// <summary>Element e's (count, mean, M2) in a part laid out as four rows of m (the mean in two).</summary>
    private static (double, double, double) Statistics(ReadOnlySpan<float> part, int m, int e) =>
        (part[e], (double)part[m + e] + part[2 * m + e], part[3 * m + e]);
}
