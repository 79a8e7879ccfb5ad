using Autograd.Client.Optim;

namespace Autograd.Client.Tests.Optim;

/// <summary>What an optimizer promises beyond its arithmetic (which the PyTorch goldens check): argument checks, when values change, schedules, state.</summary>
[Collection(EngineCollection.Name)]
public sealed class OptimizerSemanticsTests(EngineFixture fixture)
{
    private static Tensor Vector(params float[] values) => Tensor.FromArray(values, values.Length);

    [Fact]
    public async Task A_graph_built_before_a_step_keeps_the_values_it_read_and_one_built_after_reads_the_new_ones()
    {
        await using var s = fixture.Engine.NewSession();
        var w = s.Variable(Vector(1, 2), requiresGrad: true);
        var sgd = new Sgd([w], lr: 0.5f);
        await (w * w).Sum().BackwardAsync();   // grad 2w = [2, 4]
        var before = w * 10f;
        await before.DataAsync();

        await sgd.StepAsync();
        var after = w * 10f;

        Assert.Equal(new[] { 10f, 20f }, (await before.DataAsync()).ToArray());
        Assert.Equal(new[] { 0f, 0f }, (await after.DataAsync()).ToArray());
        Assert.Equal(new[] { 0f, 0f }, (await w.DataAsync()).ToArray());
    }

    [Fact]
    public async Task A_graph_built_before_a_step_but_not_yet_computed_still_reads_the_old_value()
    {
        await using var s = fixture.Engine.NewSession();
        var w = s.Variable(Vector(3), requiresGrad: true);
        var sgd = new Sgd([w], lr: 1f);
        await (w * 1f).Sum().BackwardAsync();   // grad 1
        var built = (w + 0f).Exp().Log();          // not read yet: only its definition waits to be sent

        await sgd.StepAsync();

        Assert.Equal(3f, await built.Sum().ItemAsync(), 5);
        Assert.Equal(2f, await w.Sum().ItemAsync(), 5);
    }

    [Fact]
    public async Task A_step_waits_for_a_backward_pass_that_was_started_but_not_awaited()
    {
        await using var s = fixture.Engine.NewSession();
        var w = s.Variable(Vector(1), requiresGrad: true);
        var sgd = new Sgd([w], lr: 1f);
        var big = s.Variable(Tensor.Full(1f, 512, 512));

        var backward = ((big.MatMul(big).Sum() * 1e-6f) * w).Sum().BackwardAsync();   // grad of w: 512³·1e-6
        await sgd.StepAsync();
        await backward;

        Assert.Equal(1f - 512f * 512f * 512f * 1e-6f, await w.Sum().ItemAsync(), 2);
    }

    [Fact]
    public async Task Zero_grad_sets_every_gradient_to_zeros_and_a_step_then_applies_only_weight_decay()
    {
        await using var s = fixture.Engine.NewSession();
        var w = s.Variable(Vector(2), requiresGrad: true);
        var sgd = new Sgd([w], lr: 0.5f, weightDecay: 0.1f);
        await (w * 3f).Sum().BackwardAsync();

        await sgd.ZeroGradAsync();
        await sgd.StepAsync();

        Assert.Equal(new[] { 0f }, (await w.GradAsync())!.ToArray());
        Assert.Equal(2f - 0.5f * 0.1f * 2f, await w.Sum().ItemAsync(), 6);
    }

    [Fact]
    public async Task Optimizers_refuse_what_PyTorch_refuses_with_its_messages()
    {
        await using var s = fixture.Engine.NewSession();
        var w = s.Variable(Vector(1), requiresGrad: true);
        var constant = s.Variable(Vector(1));

        Assert.Contains("empty parameter list", Assert.Throws<ArgumentException>(() => new Sgd([], 0.1f)).Message);
        Assert.Contains("only leaves that require grad", Assert.Throws<ArgumentException>(() => new Sgd([constant], 0.1f)).Message);
        Assert.Contains("only leaves that require grad", Assert.Throws<ArgumentException>(() => new Adam([w * 2f])).Message);
        Assert.Contains("more than once", Assert.Throws<ArgumentException>(() => new Sgd([w, w], 0.1f)).Message);
        Assert.Contains("Invalid learning rate: -1", Assert.Throws<ArgumentException>(() => new Sgd([w], -1f)).Message);
        Assert.Contains("Invalid momentum value", Assert.Throws<ArgumentException>(() => new Sgd([w], 0.1f, momentum: -0.5f)).Message);
        Assert.Contains("Nesterov momentum requires a momentum and zero dampening",
            Assert.Throws<ArgumentException>(() => new Sgd([w], 0.1f, momentum: 0.9f, dampening: 0.1f, nesterov: true)).Message);
        Assert.Contains("Invalid beta parameter at index 1", Assert.Throws<ArgumentException>(() => new Adam([w], beta2: 1f)).Message);
        Assert.Contains("Invalid epsilon value", Assert.Throws<ArgumentException>(() => new AdamW([w], eps: -1f)).Message);
        Assert.Contains("Invalid weight_decay value", Assert.Throws<ArgumentException>(() => new AdamW([w], weightDecay: -1f)).Message);
        var adam = new Adam([w]);
        Assert.Throws<ArgumentException>(() => adam.LearningRate = float.NaN);
        Assert.Equal(1e-3f, adam.LearningRate);
    }

    [Fact]
    public async Task Step_decay_and_cosine_annealing_set_the_rate_of_each_epoch()
    {
        await using var s = fixture.Engine.NewSession();
        var w = s.Variable(Vector(1), requiresGrad: true);
        var sgd = new Sgd([w], lr: 0.8f);
        var step = new StepLR(sgd, stepSize: 3, gamma: 0.5f);
        var rates = new List<float>();
        for (int epoch = 0; epoch < 7; epoch++)
        {
            rates.Add(sgd.LearningRate);
            step.Step();
        }
        Assert.Equal([0.8f, 0.8f, 0.8f, 0.4f, 0.4f, 0.4f, 0.2f], rates);

        var adam = new Adam([w], lr: 1f);
        var cosine = new CosineAnnealingLR(adam, tMax: 4, etaMin: 0.2f);
        var annealed = new List<double>();
        for (int epoch = 0; epoch <= 4; epoch++)
        {
            annealed.Add(adam.LearningRate);
            cosine.Step();
        }
        double[] expected = [1, 0.2 + 0.8 * (1 + Math.Sqrt(0.5)) / 2, 0.6, 0.2 + 0.8 * (1 - Math.Sqrt(0.5)) / 2, 0.2];
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], annealed[i], 6);

        var resumed = new CosineAnnealingLR(new Adam([w], lr: 1f), tMax: 4, etaMin: 0.2f, lastEpoch: 2);
        Assert.Equal(0.6f, resumed.Optimizer.LearningRate, 6);
    }

    [Fact]
    public async Task A_sharded_parameter_used_whole_is_gathered_again_after_each_step()
    {
        await using var s = fixture.Engine.NewSession();
        var w = s.Variable(Vector(1, 2), requiresGrad: true, sharding: Sharding.Rows(2));
        var sgd = new Sgd([w], lr: 1f);
        var before = w.Reshape(1, 2);   // gathers the shards (reshape has no sharded rule)
        await w.Sum().BackwardAsync();

        await sgd.StepAsync();

        Assert.Equal(new[] { 1f, 2f }, (await before.DataAsync()).ToArray());
        Assert.Equal(new[] { 0f, 1f }, (await w.Reshape(1, 2).DataAsync()).ToArray());
    }

    [Fact]
    public async Task Optimizer_state_restored_into_a_fresh_session_continues_exactly_where_it_stopped()
    {
        var x = Tensor.FromArray([0.5f, -1f, 2f, 0.1f, 1f, -0.3f], 3, 2);
        async Task<(float[] W, IReadOnlyDictionary<string, Tensor> State)> Train(Session s, Tensor w0,
            IReadOnlyDictionary<string, Tensor>? state, int steps)
        {
            var w = s.Variable(w0, requiresGrad: true, sharding: Sharding.Rows(2));
            var data = s.Variable(x);
            var adam = new Adam([w], lr: 0.1f, amsgrad: true);
            if (state is not null) await adam.LoadStateDictAsync(state);
            for (int i = 0; i < steps; i++)
            {
                await adam.ZeroGradAsync();
                await (data.MatMul(w.T()).Tanh().Pow(2f).Sum()).BackwardAsync();
                await adam.StepAsync();
            }
            return ((await w.DataAsync()).ToArray(), await adam.StateDictAsync());
        }
        var start = Tensor.FromArray([0.3f, -0.2f, 0.8f, 0.5f], 2, 2);

        await using var whole = fixture.Engine.NewSession();
        var (uninterrupted, _) = await Train(whole, start, null, 7);
        await using var first = fixture.Engine.NewSession();
        var (w4, state) = await Train(first, start, null, 4);
        await using var second = fixture.Engine.NewSession();
        var (resumed, _) = await Train(second, Tensor.FromArray(w4, 2, 2), state, 3);

        Assert.Equal(uninterrupted, resumed);
        Assert.Equal(["param_groups.0.lr", "state.0.exp_avg", "state.0.exp_avg_sq", "state.0.max_exp_avg_sq", "state.0.step"], state.Keys);
        Assert.Equal(4f, state["state.0.step"].Item());
    }

    [Fact]
    public async Task A_malformed_optimizer_state_dict_is_refused_with_the_reason()
    {
        await using var s = fixture.Engine.NewSession();
        var w = s.Variable(Vector(1, 2), requiresGrad: true);
        var adam = new Adam([w]);

        var unknownKey = await Assert.ThrowsAsync<ArgumentException>(() =>
            adam.LoadStateDictAsync(new Dictionary<string, Tensor> { ["momentum"] = Vector(1) }));
        Assert.Contains("unexpected key 'momentum'", unknownKey.Message);
        var tooMany = await Assert.ThrowsAsync<ArgumentException>(() =>
            adam.LoadStateDictAsync(new Dictionary<string, Tensor> { ["state.3.exp_avg"] = Vector(1, 2) }));
        Assert.Contains("parameter 3", tooMany.Message);
        var wrongShape = await Assert.ThrowsAsync<AutogradException>(() =>
            adam.LoadStateDictAsync(new Dictionary<string, Tensor> { ["state.0.exp_avg"] = Vector(1, 2, 3) }));
        Assert.Contains("exp_avg", wrongShape.Message);
    }
}
