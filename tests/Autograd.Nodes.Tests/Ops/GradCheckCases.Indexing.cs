using Autograd.Ops;

namespace Autograd.Nodes.Tests.Ops;

// The indexing, joining and shape ops (issue 10).
public static partial class GradCheckCases
{
    static partial void AddIndexingCases(List<GradCheckCase> cases)
    {
        void Add(OpSpec spec, string detail, params InputSpec[] inputs) => cases.Add(new($"{spec.Name} {detail}", spec, inputs));

        Add(new("narrow", Dim: 1, Start: 1, Length: 2), "dim=1 [3, 4]", new InputSpec([3, 4]));
        Add(new("narrow", Dim: 0, Start: -2, Length: 2), "dim=0 start=-2 [3, 2]", new InputSpec([3, 2]));
        Add(new("narrow", Dim: -1, Start: 0, Length: 1), "dim=-1 [2, 3, 4]", new InputSpec([2, 3, 4]));

        Add(new("select", Dim: 0, Start: 1), "dim=0 [3, 2]", new InputSpec([3, 2]));
        Add(new("select", Dim: -1, Start: -1), "dim=-1 index=-1 [2, 3, 4]", new InputSpec([2, 3, 4]));
        Add(new("select", Dim: 0, Start: 0), "[4]", new InputSpec([4]));

        Add(new("index_select", Dim: 0), "dim=0 [4, 3] by [6]", new InputSpec([4, 3]), new InputSpec([6], Domain.IndexAlongDim));
        Add(new("index_select", Dim: 1), "dim=1 [2, 5] by [3]", new InputSpec([2, 5]), new InputSpec([3], Domain.IndexAlongDim));
        Add(new("index_select", Dim: -1), "dim=-1 [2, 3, 4] by [5]", new InputSpec([2, 3, 4]), new InputSpec([5], Domain.IndexAlongDim));

        Add(new("cat", Dim: 0, Parts: 2), "dim=0 [2, 3] [1, 3]", new InputSpec([2, 3]), new InputSpec([1, 3]));
        Add(new("cat", Dim: 1, Parts: 3), "dim=1 [2, 1] [2, 3] [2, 2]", new InputSpec([2, 1]), new InputSpec([2, 3]), new InputSpec([2, 2]));
        Add(new("cat", Dim: -2, Parts: 2), "dim=-2 [2, 3, 4] [2, 1, 4]", new InputSpec([2, 3, 4]), new InputSpec([2, 1, 4]));
        Add(new("cat", Dim: 0, Parts: 2), "dim=0 [0] [2, 2] (skipped)", new InputSpec([0]), new InputSpec([2, 2]));

        Add(new("stack", Dim: 0, Parts: 2), "dim=0 2x[2, 3]", new InputSpec([2, 3]), new InputSpec([2, 3]));
        Add(new("stack", Dim: -1, Parts: 3), "dim=-1 3x[2, 2]", new InputSpec([2, 2]), new InputSpec([2, 2]), new InputSpec([2, 2]));
        Add(new("stack", Dim: 0, Parts: 2), "dim=0 2x[]", new InputSpec([]), new InputSpec([]));

        Add(new("unsqueeze", Dim: 1), "dim=1 [2, 3]", new InputSpec([2, 3]));
        Add(new("unsqueeze", Dim: -1), "dim=-1 []", new InputSpec([]));

        Add(new("squeeze"), "all [2, 1, 3, 1]", new InputSpec([2, 1, 3, 1]));
        Add(new("squeeze", Dim: -2), "dim=-2 [3, 1, 2]", new InputSpec([3, 1, 2]));

        Add(new("permute", Dims: [2, 0, 1]), "[2, 0, 1] [2, 3, 4]", new InputSpec([2, 3, 4]));
        Add(new("permute", Dims: [0, 2, 1]), "[0, 2, 1] [2, 3, 4]", new InputSpec([2, 3, 4]));
        Add(new("permute", Dims: [3, 1, 0, 2]), "[3, 1, 0, 2] [2, 1, 3, 2]", new InputSpec([2, 1, 3, 2]));

        Add(new("transpose", Dims: [0, 2]), "dims 0,2 [2, 3, 4]", new InputSpec([2, 3, 4]));
        Add(new("transpose", Dims: [-1, -2]), "dims -1,-2 [2, 3, 4]", new InputSpec([2, 3, 4]));

        Add(new("expand", Shape: [3, 4]), "[3, 1]->[3, 4]", new InputSpec([3, 1]));
        Add(new("expand", Shape: [2, -1, 3]), "[4, 1]->[2, -1, 3]", new InputSpec([4, 1]));
        Add(new("expand", Shape: [2, 3]), "[]->[2, 3]", new InputSpec([]));

        Add(new("flatten", Dims: [0, -1]), "all [2, 3, 2]", new InputSpec([2, 3, 2]));
        Add(new("flatten", Dims: [1, 2]), "1..2 [2, 3, 2, 2]", new InputSpec([2, 3, 2, 2]));
    }
}
