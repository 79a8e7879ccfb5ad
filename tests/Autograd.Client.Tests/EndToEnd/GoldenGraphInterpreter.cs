namespace Autograd.Client.Tests.EndToEnd;

/// <summary>
/// Builds a golden graph through the public client API, one client call per step, so the
/// graph the engine sees is the one PyTorch saw.
/// </summary>
public sealed partial class GoldenGraphInterpreter(Session session)
{
    /// <summary>Builds a step of an op family from the step and its input variables.</summary>
    public delegate Variable StepBuilder(GoldenStep step, IReadOnlyList<Variable> inputs);

    private static readonly Dictionary<string, StepBuilder> FamilySteps = AllFamilySteps();

    private static Dictionary<string, StepBuilder> AllFamilySteps()
    {
        var steps = new Dictionary<string, StepBuilder>();
        AddElementwiseSteps(steps);
        AddReductionSteps(steps);
        AddIndexingSteps(steps);
        AddModelSteps(steps);
        return steps;
    }

    // The families of ops added for real models; each file adds the steps of its golden graphs.
    static partial void AddElementwiseSteps(Dictionary<string, StepBuilder> steps);
    static partial void AddReductionSteps(Dictionary<string, StepBuilder> steps);
    static partial void AddIndexingSteps(Dictionary<string, StepBuilder> steps);
    static partial void AddModelSteps(Dictionary<string, StepBuilder> steps);

    /// <summary>The op-table ops the base steps build, where the step's name is not the table's.</summary>
    public static readonly IReadOnlyDictionary<string, string> TableNames = new Dictionary<string, string>
    {
        ["sum_dim"] = "sum", ["mean_dim"] = "mean", ["t"] = "transpose", ["radd_scalar"] = "add_scalar", ["rmul_scalar"] = "mul_scalar",
    };

    private readonly Dictionary<string, Variable> _variables = [];

    public Variable this[string name] => _variables[name];

    public void Build(GoldenGraph graph)
    {
        foreach (var leaf in graph.Leaves)
            _variables[leaf.Name] = session.Variable(Tensor.FromArray(leaf.Data, leaf.Shape), requiresGrad: leaf.RequiresGrad);
        foreach (var step in graph.Steps)
            _variables[step.Name] = Apply(step);
    }

    public async Task RunAsync(GoldenAction action)
    {
        if (action.IsBackward)
            await this[action.Root!].BackwardAsync(action.Gradient?.ToTensor(), action.RetainGraph);
        else
            foreach (var leaf in action.Leaves!)
                await this[leaf].ZeroGradAsync();
    }

    private Variable Apply(GoldenStep step)
    {
        Variable a = this[step.Inputs[0]];
        Variable B() => this[step.Inputs[1]];
        float C() => step.Scalar ?? throw new InvalidDataException($"{step}: no scalar");
        int Dim() => step.Dim ?? throw new InvalidDataException($"{step}: no dim");
        bool keepDim = step.KeepDim ?? false;
        return step.Op switch
        {
            "add" => a + B(),
            "sub" => a - B(),
            "mul" => a * B(),
            "div" => a / B(),
            "add_scalar" => a + C(),
            "radd_scalar" => C() + a,
            "sub_scalar" => a - C(),
            "rsub_scalar" => C() - a,
            "mul_scalar" => a * C(),
            "rmul_scalar" => C() * a,
            "div_scalar" => a / C(),
            "rdiv_scalar" => C() / a,
            "neg" => -a,
            "pow" => a.Pow(C()),
            "exp" => a.Exp(),
            "log" => a.Log(),
            "sqrt" => a.Sqrt(),
            "tanh" => a.Tanh(),
            "sigmoid" => a.Sigmoid(),
            "relu" => a.Relu(),
            "sum" => a.Sum(),
            "sum_dim" => a.Sum(Dim(), keepDim),
            "mean" => a.Mean(),
            "mean_dim" => a.Mean(Dim(), keepDim),
            "matmul" => a.MatMul(B()),
            "linear" => step.Inputs.Count == 3 ? a.Linear(B(), this[step.Inputs[2]]) : a.Linear(B()),
            "t" => a.T(),
            "reshape" => a.Reshape(step.Shape ?? throw new InvalidDataException($"{step}: no shape")),
            "softmax" => a.Softmax(Dim()),
            "log_softmax" => a.LogSoftmax(Dim()),
            "mse_loss" => a.MseLoss(B()),
            "cross_entropy" => a.CrossEntropy(B()),
            _ when FamilySteps.TryGetValue(step.Op, out var build) => build(step, step.Inputs.Select(i => this[i]).ToArray()),
            _ => throw new InvalidDataException($"{step}: the interpreter does not know op '{step.Op}'"),
        };
    }
}
