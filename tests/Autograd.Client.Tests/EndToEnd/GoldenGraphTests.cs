namespace Autograd.Client.Tests.EndToEnd;

/// <summary>
/// Every graph PyTorch computed in <c>Golden/make_graphs.py</c>, rebuilt through the client on
/// an embedded engine: each step's value, and after each backward or zero-grad, each leaf's
/// gradient, must match PyTorch within float32 tolerance; leaves PyTorch leaves without a
/// gradient must have a null one.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class GoldenGraphTests(EngineFixture fixture)
{
    public static TheoryData<string> Graphs => new(GoldenGraph.Names);

    [Fact]
    public void The_golden_file_covers_every_op_of_the_client()
    {
        string[] clientOps =
        [
            "add", "sub", "mul", "div", "add_scalar", "radd_scalar", "sub_scalar", "rsub_scalar", "mul_scalar",
            "rmul_scalar", "div_scalar", "rdiv_scalar", "neg", "pow", "exp", "log", "sqrt", "tanh", "sigmoid",
            "relu", "sum", "sum_dim", "mean", "mean_dim", "matmul", "t", "reshape", "softmax", "log_softmax",
            "mse_loss", "cross_entropy",
        ];
        var covered = GoldenGraph.Names.SelectMany(n => GoldenGraph.Named(n).Steps).Select(s => s.Op).ToHashSet();
        Assert.Empty(clientOps.Except(covered));
    }

    [Theory]
    [MemberData(nameof(Graphs))]
    public async Task Graph_matches_PyTorch(string name)
    {
        var graph = GoldenGraph.Named(name);
        await using var session = fixture.Engine.NewSession();
        var interpreter = new GoldenGraphInterpreter(session);
        interpreter.Build(graph);

        foreach (var step in graph.Steps)
        {
            // shapes and RequiresGrad are known on the client the moment an op is built
            var variable = interpreter[step.Name];
            Assert.True(step.Value.Shape.AsSpan().SequenceEqual(variable.Shape),
                $"{name}: {step} has shape {Tensor.ShapeText(variable.Shape)}, PyTorch {Tensor.ShapeText(step.Value.Shape)}");
            Assert.True(step.RequiresGrad == variable.RequiresGrad,
                $"{name}: {step} has RequiresGrad {variable.RequiresGrad}, PyTorch {step.RequiresGrad}");
            if (!step.RequiresGrad)
                Assert.True(variable.GradFn is null, $"{name}: {step} records no graph in PyTorch, ours has {variable.GradFn}");
            if (step.GradFn is not null)
                Assert.True(step.GradFn == variable.GradFn?.Name,
                    $"{name}: {step} has GradFn {variable.GradFn?.Name ?? "null"}, PyTorch {step.GradFn}");
        }

        // values are asked for but not awaited, so the first backward pass starts while the
        // forward pass may still be in flight, as it would in a user's program
        var values = graph.Steps.Select(step => interpreter[step.Name].DataAsync()).ToList();

        foreach (var action in graph.Actions)
        {
            await interpreter.RunAsync(action);
            foreach (var (leaf, expected) in action.GradsAfter)
            {
                var grad = await interpreter[leaf].GradAsync();
                string what = $"{name}: grad of {leaf} after {action}";
                if (expected is null)
                    Assert.True(grad is null, $"{what}: PyTorch has none, ours has one of shape {(grad is null ? "" : Tensor.ShapeText(grad.Dims))}");
                else
                    GoldenAssert.Close(expected, grad, graph.Rtol, graph.Atol, what);
            }
        }

        for (int i = 0; i < graph.Steps.Count; i++)
            GoldenAssert.Close(graph.Steps[i].Value, await values[i], graph.Rtol, graph.Atol, $"{name}: value of {graph.Steps[i]}");
    }
}
