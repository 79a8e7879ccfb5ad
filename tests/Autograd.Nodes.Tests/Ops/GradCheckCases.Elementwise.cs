using Autograd.Ops;

namespace Autograd.Nodes.Tests.Ops;

// Gradcheck of the elementwise ops (issue 10). Finite differences cannot cross a kink, so abs samples
// away from 0, clamp's bounds sit in the gaps between Distinct values (k/4 + [0, 0.1)), and the kinks
// themselves (abs at 0, values at clamp's bounds, ties of maximum and minimum) are checked against
// PyTorch in make_golden_elementwise.py. Masks have no derivative: their cases check that none is asked for.
public static partial class GradCheckCases
{
    static partial void AddElementwiseCases(List<GradCheckCase> cases)
    {
        void Add(OpSpec spec, string detail, params InputSpec[] inputs) => cases.Add(new($"{spec.Name} {detail}", spec, inputs));
        int[][] unaryShapes = [[2, 3], [1, 4, 1], [], [5], [3, 7]];
        (int[] A, int[] B)[] broadcastPairs = [([2, 3], [2, 3]), ([2, 3], [3]), ([3, 1], [1, 4]), ([4, 1], [2, 1, 3]), ([], [2, 2]), ([1], [3])];

        foreach (var (name, domain) in new[] { ("abs", Domain.AwayFromZero), ("gelu", Domain.Normal), ("silu", Domain.Normal),
                                               ("log1p", Domain.Positive), ("sin", Domain.Normal), ("cos", Domain.Normal) })
            foreach (var shape in unaryShapes)
                Add(new(name), Tensor.ShapeText(shape), new InputSpec(shape, domain));

        // Distinct values lie in [k/4, k/4 + 0.1): bounds at -0.32 and 0.42 fall in gaps, far from any value and its steps
        foreach (var (min, max) in new (float?, float?)[] { (-0.32f, 0.42f), (-0.32f, null), (null, 0.42f), (0.42f, -0.32f) })
            foreach (var shape in new int[][] { [2, 4], [7], [3, 1, 2] })
                Add(new("clamp", Min: min, Max: max), $"min={min?.ToString() ?? "none"} max={max?.ToString() ?? "none"} {Tensor.ShapeText(shape)}",
                    new InputSpec(shape, Domain.Distinct));

        foreach (var name in new[] { "maximum", "minimum" })
            foreach (var (a, b) in broadcastPairs)
                Add(new(name), $"{Tensor.ShapeText(a)},{Tensor.ShapeText(b)}", new InputSpec(a), new InputSpec(b));

        foreach (var name in new[] { "gt", "lt", "ge", "le", "eq" })
        {
            foreach (var (a, b) in broadcastPairs.Take(3))
                Add(new(name), $"{Tensor.ShapeText(a)},{Tensor.ShapeText(b)}", new InputSpec(a), new InputSpec(b));
            Add(new($"{name}_scalar", Scalar: 0.25f), "0.25 [2, 3]", new InputSpec([2, 3]));
            Add(new($"{name}_scalar", Scalar: 0f), "0 []", new InputSpec([]));
        }

        foreach (var (c, x, y) in new (int[], int[], int[])[] { ([2, 3], [2, 3], [2, 3]), ([2, 3], [3], [2, 1]), ([3], [2, 3], []),
                                                                ([2, 1, 3], [4, 1], [3]) })
            Add(new("where"), $"{Tensor.ShapeText(c)},{Tensor.ShapeText(x)},{Tensor.ShapeText(y)}",
                new InputSpec(c, Domain.Mask), new InputSpec(x), new InputSpec(y));

        foreach (var (x, mask) in new (int[], int[])[] { ([2, 3], [2, 3]), ([2, 3], [3]), ([2, 3], [2, 1]), ([3], [2, 3]), ([], [4]) })
            Add(new("masked_fill", Scalar: -1.5f), $"{Tensor.ShapeText(x)},{Tensor.ShapeText(mask)}",
                new InputSpec(x), new InputSpec(mask, Domain.Mask));
    }
}
