namespace Autograd.Ops;

/// <summary>
/// Joins the shards' <see cref="ExtremumPartialOp"/> results along Dim into the indices of the
/// whole (argmax_partials, argmin_partials): the winning shard's local index plus its first row,
/// which <see cref="OpSpec.Dims"/> gives for every part. Not differentiable.
/// </summary>
public sealed class ArgExtremumPartialsOp(OpSpec spec, bool largest) : JoinedExtremumOp(spec, largest)
{
    // never shown: the result of a non-differentiable op has no grad_fn
    public override string GradFnName => Largest ? "ArgmaxBackward" : "ArgminBackward";
    public override bool IsDifferentiable(int input) => false;

    public override int[] InferShape(IReadOnlyList<int[]> inputShapes)
    {
        if (Spec.Dim is null) throw new ArgumentException($"{Name}: a dim is required");
        if (Spec.Dims?.Length != inputShapes.Count)
            throw new ArgumentException($"{Name}: Dims must give the first row of each of the {inputShapes.Count} parts");
        return base.InferShape(inputShapes);
    }

    public override Tensor Forward(IReadOnlyList<Tensor> inputs)
    {
        var (_, winner) = Winners(inputs);
        var firstRows = Spec.Dims!;
        var indices = new float[winner.Length];
        for (int e = 0; e < indices.Length; e++)
        {
            int p = (int)winner[e];
            indices[e] = inputs[p].Span[winner.Length + e] + firstRows[p];
        }
        return Tensor.Wrap(indices, InferShape(inputs.Select(t => t.Shape).ToList()));
    }

    public override Tensor?[] Backward(Tensor gradOutput, IReadOnlyList<Tensor> inputs, Tensor output, bool[] needsGrad) =>
        new Tensor?[inputs.Count];
}
