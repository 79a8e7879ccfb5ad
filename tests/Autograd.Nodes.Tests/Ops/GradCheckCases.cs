using Autograd.Ops;

namespace Autograd.Nodes.Tests.Ops;

/// <summary>Where an input's random values are drawn from, so that no finite difference straddles a kink or a pole.</summary>
public enum Domain
{
    Normal,
    /// <summary>[0.5, 2): log, sqrt, pow bases.</summary>
    Positive,
    /// <summary>±[0.25, 2): denominators, relu inputs.</summary>
    AwayFromZero,
    /// <summary>Class indices in [0, C) as float32, C being the last dim of the first input (cross_entropy labels).</summary>
    ClassIndex,
    /// <summary>Indices in [0, n) as float32, n being the size of the first input along the case's <see cref="OpSpec.Dim"/> (index_select).</summary>
    IndexAlongDim,
    /// <summary>0 or 1 (masks, conditions): not differentiable, never perturbed.</summary>
    Mask,
    /// <summary>Distinct values at least 0.1 apart in random order (max, min, sort): no tie, and no finite difference changes the winner.</summary>
    Distinct,
}

public sealed record InputSpec(int[] Shape, Domain Domain = Domain.Normal);

/// <summary>One gradcheck case: an op and the shapes (and value domains) of its random inputs.</summary>
public sealed record GradCheckCase(string Name, OpSpec Spec, InputSpec[] Inputs)
{
    /// <summary>A seed derived from the name, stable across runs (string.GetHashCode is not).</summary>
    public int Seed => Name.Aggregate(17, (h, ch) => unchecked(h * 31 + ch));

    public Tensor[] MakeInputs()
    {
        var rng = new Random(Seed);
        var tensors = new Tensor[Inputs.Length];
        for (int k = 0; k < Inputs.Length; k++)
        {
            var (shape, domain) = (Inputs[k].Shape, Inputs[k].Domain);
            int bound = domain switch
            {
                Domain.ClassIndex => Inputs[0].Shape[^1],
                Domain.IndexAlongDim => Inputs[0].Shape[Spec.Dim is int d && d < 0 ? d + Inputs[0].Shape.Length : Spec.Dim ?? 0],
                _ => 0,
            };
            var data = new float[shape.Aggregate(1, (a, b) => a * b)];
            if (domain == Domain.Distinct)
            {
                var order = Enumerable.Range(0, data.Length).OrderBy(_ => rng.Next()).ToArray();
                for (int i = 0; i < data.Length; i++) data[i] = (order[i] - data.Length / 2) * 0.25f + (float)rng.NextDouble() * 0.1f;
            }
            else
            {
                for (int i = 0; i < data.Length; i++) data[i] = Draw(rng, domain, bound);
            }
            tensors[k] = Tensor.FromArray(data, shape);
        }
        return tensors;
    }

    private static float Draw(Random rng, Domain domain, int classes) => domain switch
    {
        Domain.Normal => (float)(Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble())),
        Domain.Positive => (float)(0.5 + 1.5 * rng.NextDouble()),
        Domain.AwayFromZero => (float)((rng.Next(2) == 0 ? -1 : 1) * (0.25 + 1.75 * rng.NextDouble())),
        Domain.ClassIndex or Domain.IndexAlongDim => rng.Next(classes),
        Domain.Mask => rng.Next(2),
        _ => throw new ArgumentOutOfRangeException(nameof(domain), domain, null),
    };

    public override string ToString() => Name;
}

/// <summary>The gradcheck cases: every op on several shapes, with broadcasting and size-1 dims.</summary>
public static partial class GradCheckCases
{
    private static readonly InputSpec[][] BroadcastPairs =
    [
        [new([2, 3]), new([2, 3])],
        [new([2, 3]), new([3])],
        [new([3, 1]), new([1, 4])],
        [new([4, 1]), new([2, 1, 3])],
        [new([]), new([2, 2])],
        [new([1]), new([3])],
    ];

    private static readonly int[][] UnaryShapes = [[2, 3], [1, 4, 1], [], [5]];

    public static IReadOnlyList<GradCheckCase> All { get; } = Build();

    private static readonly Dictionary<string, GradCheckCase> ByName = All.ToDictionary(c => c.Name);

    public static GradCheckCase Get(string name) => ByName[name];

    private static List<GradCheckCase> Build()
    {
        var cases = new List<GradCheckCase>();
        void Add(OpSpec spec, string detail, params InputSpec[] inputs) =>
            cases.Add(new($"{spec.Name} {detail}", spec, inputs));

        foreach (var name in new[] { "add", "sub", "mul", "div" })
            foreach (var pair in BroadcastPairs)
            {
                var right = name == "div" ? pair[1] with { Domain = Domain.AwayFromZero } : pair[1];
                Add(new(name), $"{Text(pair[0])},{Text(right)}", pair[0], right);
            }

        foreach (var (name, scalar) in new[] { ("add_scalar", 1.5f), ("sub_scalar", -2f), ("rsub_scalar", 0.5f),
                                               ("mul_scalar", -2.5f), ("div_scalar", 4f), ("rdiv_scalar", -1.5f) })
            foreach (var shape in UnaryShapes)
            {
                var domain = name == "rdiv_scalar" ? Domain.AwayFromZero : Domain.Normal;
                Add(new(name, Scalar: scalar), $"s={scalar} {Tensor.ShapeText(shape)}", new InputSpec(shape, domain));
            }

        foreach (var exponent in new[] { 2f, 3f, 0.5f, -1.5f })
            Add(new("pow", Scalar: exponent), $"x**{exponent} [2, 3]", new InputSpec([2, 3], Domain.Positive));
        Add(new("pow", Scalar: 2f), "x**2 []", new InputSpec([], Domain.Positive));

        foreach (var (name, domain) in new[] { ("neg", Domain.Normal), ("exp", Domain.Normal), ("log", Domain.Positive),
                                               ("sqrt", Domain.Positive), ("tanh", Domain.Normal),
                                               ("sigmoid", Domain.Normal), ("relu", Domain.AwayFromZero) })
            foreach (var shape in UnaryShapes)
                Add(new(name), Tensor.ShapeText(shape), new InputSpec(shape, domain));

        foreach (var name in new[] { "sum", "mean" })
        {
            Add(new(name), "all [2, 3]", new InputSpec([2, 3]));
            Add(new(name), "all []", new InputSpec([]));
            Add(new(name, Dim: 0), "dim=0 [2, 3]", new InputSpec([2, 3]));
            Add(new(name, Dim: -1, KeepDim: true), "dim=-1 keepDim [2, 3, 4]", new InputSpec([2, 3, 4]));
            Add(new(name, Dim: 1), "dim=1 [3, 1, 2]", new InputSpec([3, 1, 2]));
            Add(new(name, Dim: -2, KeepDim: true), "dim=-2 keepDim [4, 2]", new InputSpec([4, 2]));
        }

        foreach (var (a, b) in new (int[], int[])[] { ([2, 3], [3, 4]), ([3], [3]), ([2, 3], [3]), ([3], [3, 2]), ([1, 1], [1, 3]) })
            Add(new("matmul"), $"{Tensor.ShapeText(a)}@{Tensor.ShapeText(b)}", new InputSpec(a), new InputSpec(b));

        foreach (var shape in new int[][] { [2, 3], [1, 4], [3, 1] })
            Add(new("transpose"), Tensor.ShapeText(shape), new InputSpec(shape));

        foreach (var (from, to) in new (int[], int[])[] { ([2, 3], [3, -1]), ([2, 3, 2], [12]), ([1], []) })
            Add(new("reshape", Shape: to), $"{Tensor.ShapeText(from)}->{Tensor.ShapeText(to)}", new InputSpec(from));

        foreach (var name in new[] { "softmax", "log_softmax" })
            foreach (var (shape, dim) in new (int[], int)[] { ([2, 3], 1), ([2, 3, 4], -2), ([4], 0), ([3, 1], 1), ([2, 5], 0) })
                Add(new(name, Dim: dim), $"dim={dim} {Tensor.ShapeText(shape)}", new InputSpec(shape));

        foreach (var shape in new int[][] { [2, 3], [4], [1, 3] })
            Add(new("mse_loss"), Tensor.ShapeText(shape), new InputSpec(shape), new InputSpec(shape));

        foreach (var (n, c) in new[] { (3, 4), (1, 3), (5, 2) })
            Add(new("cross_entropy"), $"[{n}, {c}]", new InputSpec([n, c]), new InputSpec([n], Domain.ClassIndex));

        // the sharding ops (issue 4)
        Add(new("gather", Parts: 3), "[2, 3] [1, 3] [2, 3]", new InputSpec([2, 3]), new InputSpec([1, 3]), new InputSpec([2, 3]));
        Add(new("gather", Parts: 2), "[2] [3]", new InputSpec([2]), new InputSpec([3]));
        Add(new("sum_partials", Parts: 3), "3x[]", new InputSpec([]), new InputSpec([]), new InputSpec([]));
        Add(new("sum_partials", Parts: 2), "2x[2, 3]", new InputSpec([2, 3]), new InputSpec([2, 3]));

        // linear (issue 8): x·Wᵀ + b in one node
        Add(new("linear", Parts: 3), "[3, 4]x[2, 4] bias", new InputSpec([3, 4]), new InputSpec([2, 4]), new InputSpec([2]));
        Add(new("linear", Parts: 2), "[3, 4]x[2, 4]", new InputSpec([3, 4]), new InputSpec([2, 4]));
        Add(new("linear", Parts: 3), "[4]x[3, 4] bias", new InputSpec([4]), new InputSpec([3, 4]), new InputSpec([3]));
        Add(new("linear", Parts: 3), "[2, 3, 4]x[5, 4] bias", new InputSpec([2, 3, 4]), new InputSpec([5, 4]), new InputSpec([5]));

        AddElementwiseCases(cases);
        AddReductionCases(cases);
        AddIndexingCases(cases);
        AddModelCases(cases);
        return cases;
    }

    // The families of ops added for real models; each file adds its cases (and must use no static
    // field of another file: static initialisers of a partial class run in no guaranteed order).
    static partial void AddElementwiseCases(List<GradCheckCase> cases);
    static partial void AddReductionCases(List<GradCheckCase> cases);
    static partial void AddIndexingCases(List<GradCheckCase> cases);
    static partial void AddModelCases(List<GradCheckCase> cases);

    private static string Text(InputSpec input) => Tensor.ShapeText(input.Shape);
}
