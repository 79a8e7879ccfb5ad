using Autograd.Ops;

namespace Autograd.Nodes.Tests.Ops;

// The reductions of issue 10 and the internal ops of their sharded forms. Max and min take
// Distinct inputs, so no finite difference changes which element wins.
public static partial class GradCheckCases
{
    static partial void AddReductionCases(List<GradCheckCase> cases)
    {
        void Add(OpSpec spec, string detail, params InputSpec[] inputs) => cases.Add(new($"{spec.Name} {detail}", spec, inputs));
        static string Shape(int[] shape) => Autograd.Tensor.ShapeText(shape);

        foreach (var name in new[] { "max", "min", "argmax", "argmin" })
        {
            foreach (var (shape, dim, keep) in new (int[], int, bool)[] { ([2, 3], 0, false), ([2, 3, 4], -2, true), ([5], 0, false), ([], 0, true), ([3, 1], 1, false) })
                Add(new(name, Dim: dim, KeepDim: keep), $"dim={dim}{(keep ? " keepDim" : "")} {Shape(shape)}", new InputSpec(shape, Domain.Distinct));
            if (!name.StartsWith("arg", StringComparison.Ordinal))
                foreach (var shape in new int[][] { [2, 3], [], [4, 1, 2] })
                    Add(new(name), $"all {Shape(shape)}", new InputSpec(shape, Domain.Distinct));
        }

        foreach (var name in new[] { "var", "std" })
            foreach (var unbiased in new[] { true, false })
            {
                Add(new(name, Unbiased: unbiased), $"all unbiased={unbiased} [2, 3]", new InputSpec([2, 3]));
                Add(new(name, Dim: 0, Unbiased: unbiased), $"dim=0 unbiased={unbiased} [3, 2]", new InputSpec([3, 2]));
                Add(new(name, Dim: -1, KeepDim: true, Unbiased: unbiased), $"dim=-1 keepDim unbiased={unbiased} [2, 3, 4]", new InputSpec([2, 3, 4]));
            }

        foreach (var name in new[] { "sum", "mean" })
        {
            Add(new(name, Dims: [0, 2]), "dims=[0, 2] [2, 3, 4]", new InputSpec([2, 3, 4]));
            Add(new(name, Dims: [-1, 0], KeepDim: true), "dims=[-1, 0] keepDim [3, 2]", new InputSpec([3, 2]));
            Add(new(name, Dims: []), "dims=[] [2, 3]", new InputSpec([2, 3]));
            Add(new(name, Dims: [1, 2], KeepDim: true), "dims=[1, 2] keepDim [4, 1, 2]", new InputSpec([4, 1, 2]));
        }

        // the internal ops of a sharded max, min, argmax or argmin over rows
        foreach (var (partial, joined, argJoined) in new[] { ("max_partial", "max_partials", "argmax_partials"), ("min_partial", "min_partials", "argmin_partials") })
        {
            Add(new(partial, Dim: 0), "dim=0 [3, 4]", new InputSpec([3, 4], Domain.Distinct));
            Add(new(partial, Dim: 0), "dim=0 [2, 2, 3]", new InputSpec([2, 2, 3], Domain.Distinct));
            Add(new(partial), "all [3, 4]", new InputSpec([3, 4], Domain.Distinct));
            Add(new(joined, Dim: 0, Parts: 3), "dim=0 3x[2, 1, 4]",
                new InputSpec([2, 1, 4], Domain.Distinct), new InputSpec([2, 1, 4], Domain.Distinct), new InputSpec([2, 1, 4], Domain.Distinct));
            Add(new(joined, Dim: 0, KeepDim: true, Parts: 2), "dim=0 keepDim 2x[2, 1]", new InputSpec([2, 1], Domain.Distinct), new InputSpec([2, 1], Domain.Distinct));
            Add(new(joined, Parts: 3), "all 3x[2]", new InputSpec([2], Domain.Positive), new InputSpec([2], Domain.Positive), new InputSpec([2], Domain.Positive));
            Add(new(argJoined, Dim: 0, Parts: 2, Dims: [0, 3]), "dim=0 2x[2, 1, 3]", new InputSpec([2, 1, 3], Domain.Distinct), new InputSpec([2, 1, 3], Domain.Distinct));
        }

        // the internal ops of a sharded var or std over rows: counts, means and M2 drawn positive
        Add(new("moments", Dim: 0), "dim=0 [3, 4]", new InputSpec([3, 4]));
        Add(new("moments", Dim: 0), "dim=0 [2, 2, 3]", new InputSpec([2, 2, 3]));
        Add(new("moments"), "all [3, 4]", new InputSpec([3, 4]));
        foreach (var name in new[] { "var_partials", "std_partials" })
        {
            Add(new(name, Dim: 0, Parts: 3, Unbiased: true), "dim=0 unbiased 3x[4, 1, 4]",
                new InputSpec([4, 1, 4], Domain.Positive), new InputSpec([4, 1, 4], Domain.Positive), new InputSpec([4, 1, 4], Domain.Positive));
            Add(new(name, Dim: 0, KeepDim: true, Parts: 2), "dim=0 keepDim 2x[4, 1, 2]",
                new InputSpec([4, 1, 2], Domain.Positive), new InputSpec([4, 1, 2], Domain.Positive));
            Add(new(name, Parts: 3, Unbiased: true), "all unbiased 3x[4]", new InputSpec([4], Domain.Positive), new InputSpec([4], Domain.Positive), new InputSpec([4], Domain.Positive));
        }
    }
}
