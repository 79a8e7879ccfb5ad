using Autograd.Ops;

namespace Autograd.Nodes.Tests.Ops;

// The model ops of issue 10: batched and broadcast matmul, layer_norm, dropout, and softmax,
// log_softmax and cross_entropy over more than two dims.
public static partial class GradCheckCases
{
    static partial void AddModelCases(List<GradCheckCase> cases)
    {
        void Add(OpSpec spec, string detail, params InputSpec[] inputs) => cases.Add(new($"{spec.Name} {detail}", spec, inputs));

        foreach (var (a, b) in new (int[], int[])[]
                 {
                     ([2, 3, 4], [2, 4, 2]), ([2, 3, 4], [4, 2]), ([2, 3, 4], [4]), ([4], [2, 4, 3]), ([3, 4], [2, 4, 2]),
                     ([2, 1, 2, 3], [3, 3, 2]), ([1, 2, 3], [2, 3, 2]), ([2, 2, 3], [1, 3, 2]),
                 })
            Add(new("matmul"), $"batched {Tensor.ShapeText(a)}@{Tensor.ShapeText(b)}", new InputSpec(a), new InputSpec(b));

        Add(new("layer_norm", Scalar: 1e-5f, Shape: [4], Parts: 3), "[3, 4] over [4] weight bias",
            new InputSpec([3, 4]), new InputSpec([4]), new InputSpec([4]));
        Add(new("layer_norm", Scalar: 1e-5f, Shape: [2, 3], Parts: 3), "[2, 2, 3] over [2, 3] weight bias",
            new InputSpec([2, 2, 3]), new InputSpec([2, 3]), new InputSpec([2, 3]));
        Add(new("layer_norm", Scalar: 1e-5f, Shape: [5], Parts: 1), "[2, 5] over [5]", new InputSpec([2, 5]));
        Add(new("layer_norm", Scalar: 1e-3f, Shape: [3], Parts: 2), "[3] over [3] weight eps=1e-3",
            new InputSpec([3]), new InputSpec([3]));

        Add(new("dropout", Scalar: 0.5f, Seed: 42), "p=0.5 [4, 5]", new InputSpec([4, 5]));
        Add(new("dropout", Scalar: 0.25f, Seed: 7, Start: 3), "p=0.25 [2, 3, 2] from row 3", new InputSpec([2, 3, 2]));
        Add(new("dropout", Scalar: 1f, Seed: 1), "p=1 [3]", new InputSpec([3]));

        foreach (var name in new[] { "softmax", "log_softmax" })
            foreach (var (shape, dim) in new (int[], int)[] { ([2, 3, 2, 2], 1), ([2, 3, 2, 2], -1), ([2, 1, 3], 0), ([2, 2, 3], 1) })
                Add(new(name, Dim: dim), $"rank {shape.Length} dim={dim} {Tensor.ShapeText(shape)}", new InputSpec(shape));

        // ClassIndex draws labels below the logits' last size: the shapes keep it at most C (dim 1)
        foreach (var (logits, labels) in new (int[], int[])[] { ([2, 3, 3], [2, 3]), ([2, 4, 2, 3], [2, 2, 3]), ([3], []) })
            Add(new("cross_entropy"), $"{Tensor.ShapeText(logits)} labels {Tensor.ShapeText(labels)}",
                new InputSpec(logits), new InputSpec(labels, Domain.ClassIndex));
    }
}
