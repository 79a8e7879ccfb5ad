using Akka.Actor;
using Autograd.Ops;
using Autograd.Optim;
using Autograd.Protocol;
using Xunit.Abstractions;

namespace Autograd.Nodes.Tests.Actors;

/// <summary>The optimizer step on a member: a parameter node updates its own value beside its grad and keeps its state.</summary>
public sealed class ParameterSpecs(ITestOutputHelper output) : NodeSpec(output)
{
    private static readonly OptimizerSpec Sgd = new(OptimizerSpec.Sgd, Lr: 0.5f);
    private static readonly OptimizerSpec Momentum = new(OptimizerSpec.Sgd, Lr: 0.5f, Momentum: 0.9f);

    /// <summary>A parameter whose grad is <paramref name="grad"/> after one backward pass (seeded straight at the leaf).</summary>
    private async Task<NodeId> ParameterWithGrad(Tensor value, Tensor grad)
    {
        var tracker = CreateTestProbe();
        var p = Leaf(value, requiresGrad: true);
        var pass = NewPass();
        Plan(pass, tracker.Ref, counts: (p, 1));
        SendGradient(p, pass, grad);
        await tracker.ExpectMsgAsync<LeafDone>();
        return p;
    }

    private async Task<Tensor> ValueOf(NodeId node)
    {
        Host.Tell(new GetValue(node, 77));
        return (await ExpectMsgAsync<NodeValue>()).Value;
    }

    [Fact]
    public async Task Parameter_must_replace_its_value_with_one_step_of_its_rule_and_say_so()
    {
        var p = await ParameterWithGrad(Vector(1, 2), Vector(2, -4));

        Host.Tell(new StepParameter(p, 5, Sgd));

        Assert.Equal(new ParameterStepped(5, p, Skipped: false), await ExpectMsgAsync<ParameterStepped>());
        AssertValues([0, 4], await ValueOf(p));   // p - 0.5 * g
    }

    [Fact]
    public async Task Parameter_must_keep_its_momentum_between_steps()
    {
        var p = await ParameterWithGrad(Vector(1), Vector(1));

        Host.Tell(new StepParameter(p, 1, Momentum));
        await ExpectMsgAsync<ParameterStepped>();
        Host.Tell(new StepParameter(p, 2, Momentum));
        await ExpectMsgAsync<ParameterStepped>();

        // buffer 1 then 0.9 * 1 + 1 = 1.9: p = 1 - 0.5 - 0.95
        AssertValues([-0.45f], await ValueOf(p));
        Host.Tell(new GetParameterState(p, 3));
        var state = await ExpectMsgAsync<ParameterStateValue>();
        Assert.Equal([ParameterState.MomentumBuffer], state.Names);
        AssertValues([1.9f], state.Tensors[0]);
    }

    [Fact]
    public async Task Parameter_without_a_gradient_must_be_skipped_and_keep_its_value()
    {
        var p = Leaf(Vector(3), requiresGrad: true);

        Host.Tell(new StepParameter(p, 9, new OptimizerSpec(OptimizerSpec.Adam, Lr: 1f, WeightDecay: 0.5f)));

        Assert.Equal(new ParameterStepped(9, p, Skipped: true), await ExpectMsgAsync<ParameterStepped>());
        AssertValues([3], await ValueOf(p));
        Host.Tell(new GetParameterState(p, 10));
        Assert.Empty((await ExpectMsgAsync<ParameterStateValue>()).Names);
    }

    [Fact]
    public async Task A_step_racing_a_backward_pass_uses_the_gradient_so_far_and_the_late_one_counts_for_the_next_step()
    {
        var tracker = CreateTestProbe();
        var p = await ParameterWithGrad(Vector(1), Vector(1));
        var pass = NewPass();
        Plan(pass, tracker.Ref, counts: (p, 2));
        SendGradient(p, pass, Vector(10));   // one of the pass's two gradients is in; its sum is not in .Grad yet

        Host.Tell(new StepParameter(p, 1, Sgd));
        await ExpectMsgAsync<ParameterStepped>();
        AssertValues([0.5f], await ValueOf(p));   // 1 - 0.5 * 1: the pass in flight did not leak into this step

        SendGradient(p, pass, Vector(20));
        await tracker.ExpectMsgAsync<LeafDone>();
        Host.Tell(new StepParameter(p, 2, Sgd));
        await ExpectMsgAsync<ParameterStepped>();
        AssertValues([-15f], await ValueOf(p));   // 0.5 - 0.5 * (1 + 30)
    }

    [Fact]
    public async Task A_subscriber_from_before_a_step_keeps_the_old_value_and_one_from_after_gets_the_new()
    {
        var p = await ParameterWithGrad(Vector(1), Vector(1));
        var before = Consumer(p);
        AssertValues([1], (await before.Probe.ExpectMsgAsync<InputValue>()).Value);

        Host.Tell(new StepParameter(p, 1, Sgd));
        await ExpectMsgAsync<ParameterStepped>();

        var after = Consumer(p);
        AssertValues([0.5f], (await after.Probe.ExpectMsgAsync<InputValue>()).Value);
        await before.Probe.ExpectNoMsgAsync(Quiet);
    }

    [Fact]
    public async Task A_step_for_an_op_node_or_a_leaf_without_grad_is_rejected()
    {
        var constant = Leaf(Vector(1));
        var op = NewId();
        Define(op, new OpSpec("neg"), [Local(constant)], [false]);

        Host.Tell(new StepParameter(constant, 1, Sgd));
        Assert.Contains("not a leaf that requires grad", (await ExpectMsgAsync<Rejected>()).Reason);
        Host.Tell(new StepParameter(op, 2, Sgd));
        var rejected = await ExpectMsgAsync<Rejected>();
        Assert.Equal(2, rejected.Request);
        Assert.Contains("neg", rejected.Reason);
    }

    [Fact]
    public async Task A_step_with_invalid_hyper_parameters_fails_naming_the_node_and_leaves_the_value()
    {
        var p = await ParameterWithGrad(Vector(1), Vector(1));

        Host.Tell(new StepParameter(p, 4, Sgd with { Nesterov = true }));

        var failed = await ExpectMsgAsync<RequestFailed>();
        Assert.Equal((4L, p), (failed.Request, failed.Origin));
        Assert.Contains("Nesterov momentum requires a momentum and zero dampening", failed.Message);
        AssertValues([1], await ValueOf(p));
    }

    [Fact]
    public async Task Host_must_step_a_sessions_parameters_with_one_message_and_answer_once()
    {
        var a = await ParameterWithGrad(Vector(1), Vector(2));
        var b = await ParameterWithGrad(Vector(3, 4), Vector(1, 1));
        var noGrad = Leaf(Vector(5), requiresGrad: true);

        Host.Tell(new StepParameters(SessionId, 42, [a.Seq, b.Seq, noGrad.Seq], Sgd));

        Assert.Equal(new ParametersDone(42, Updated: 2, Skipped: 1), await ExpectMsgAsync<ParametersDone>());
        await ExpectNoMsgAsync(Quiet);
        AssertValues([0], await ValueOf(a));
        AssertValues([2.5f, 3.5f], await ValueOf(b));
    }

    [Fact]
    public async Task Host_must_zero_the_grads_of_a_sessions_parameters_with_one_message()
    {
        var a = await ParameterWithGrad(Vector(1), Vector(2));
        var untouched = Leaf(Vector(5), requiresGrad: true);

        Host.Tell(new ZeroGrads(SessionId, 8, [a.Seq, untouched.Seq]));

        Assert.Equal(new ParametersDone(8, 2, 0), await ExpectMsgAsync<ParametersDone>());
        Host.Tell(new GetGrad(a, 9));
        AssertValues([0], (await ExpectMsgAsync<NodeGrad>()).Grad!);
        Host.Tell(new GetGrad(untouched, 10));
        Assert.Null((await ExpectMsgAsync<NodeGrad>()).Grad);   // zero_grad leaves a missing grad missing (PyTorch 1.13)
    }

    [Fact]
    public async Task Host_must_answer_a_step_with_the_first_failure_among_its_parameters()
    {
        var p = await ParameterWithGrad(Vector(1), Vector(1));
        var constant = Leaf(Vector(1));

        Host.Tell(new StepParameters(SessionId, 11, [p.Seq, constant.Seq], Sgd));

        var rejected = await ExpectMsgAsync<Rejected>();
        Assert.Equal(11, rejected.Request);
        Assert.Contains("not a leaf that requires grad", rejected.Reason);
        await ExpectNoMsgAsync(Quiet);
    }

    [Fact]
    public async Task Host_must_reject_a_step_for_a_freed_session()
    {
        var p = await ParameterWithGrad(Vector(1), Vector(1));
        Host.Tell(new FreeSession(SessionId));
        await ExpectMsgAsync<SessionFreed>();

        Host.Tell(new StepParameters(SessionId, 12, [p.Seq], Sgd));

        var rejected = await ExpectMsgAsync<Rejected>();
        Assert.Equal(12, rejected.Request);
        Assert.Contains("freed", rejected.Reason);
    }

    [Fact]
    public async Task Parameter_state_must_round_trip_and_continue_exactly()
    {
        var adam = new OptimizerSpec(OptimizerSpec.Adam, Lr: 0.1f, Amsgrad: true);
        var p = await ParameterWithGrad(Vector(1, -1), Vector(0.5f, 2));
        Host.Tell(new StepParameter(p, 1, adam));
        await ExpectMsgAsync<ParameterStepped>();
        Host.Tell(new GetParameterState(p, 2));
        var saved = await ExpectMsgAsync<ParameterStateValue>();
        Assert.Equal([ParameterState.Step, ParameterState.ExpAvg, ParameterState.ExpAvgSq, ParameterState.MaxExpAvgSq], saved.Names);
        var copy = await ParameterWithGrad(await ValueOf(p), Vector(0.5f, 2));

        Host.Tell(new SetParameterState(copy, 3, saved.Names, saved.Tensors));
        Assert.Equal(new NodeUpdated(3, copy), await ExpectMsgAsync<NodeUpdated>());
        Host.Tell(new StepParameter(p, 4, adam));
        await ExpectMsgAsync<ParameterStepped>();
        Host.Tell(new StepParameter(copy, 5, adam));
        await ExpectMsgAsync<ParameterStepped>();

        Assert.Equal((await ValueOf(p)).ToArray(), (await ValueOf(copy)).ToArray());
    }

    [Fact]
    public async Task Parameter_state_of_the_wrong_shape_is_refused()
    {
        var p = Leaf(Vector(1, 2), requiresGrad: true);

        Host.Tell(new SetParameterState(p, 6, [ParameterState.ExpAvg], [Vector(1, 2, 3)]));

        var failed = await ExpectMsgAsync<RequestFailed>();
        Assert.Contains("exp_avg", failed.Message);
        Assert.Contains("[3]", failed.Message);
    }

    [Fact]
    public async Task Assigning_a_leaf_a_value_of_its_shape_replaces_it_for_later_readers_only()
    {
        var p = Leaf(Vector(1, 2), requiresGrad: true);
        var before = Consumer(p);
        await before.Probe.ExpectMsgAsync<InputValue>();

        Host.Tell(new AssignValue(p, 1, Vector(7, 8)));
        Assert.Equal(new NodeUpdated(1, p), await ExpectMsgAsync<NodeUpdated>());
        AssertValues([7, 8], await ValueOf(p));

        Host.Tell(new AssignValue(p, 2, Vector(7)));
        Assert.Contains("shape [1]", (await ExpectMsgAsync<RequestFailed>()).Message);
        await before.Probe.ExpectNoMsgAsync(Quiet);
    }

    [Fact]
    public async Task A_step_that_arrives_before_its_parameters_definition_waits_for_it()
    {
        var p = NewId();
        Host.Tell(new StepParameter(p, 1, Sgd));
        await ExpectNoMsgAsync(Quiet);

        Host.Tell(new CreateLeaf(p, Vector(1), RequiresGrad: true));

        Assert.Equal(new ParameterStepped(1, p, Skipped: true), await ExpectMsgAsync<ParameterStepped>());
    }
}
