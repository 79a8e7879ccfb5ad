using Akka.Actor;
using Autograd.Actors;
using Autograd.Ops;
using Autograd.Protocol;

namespace Autograd.Nodes.Tests.Actors;

/// <summary>The node state machine on its own, with a recording outbox instead of a host.</summary>
public sealed class NodeTests
{
    private static readonly Guid Session = Guid.NewGuid();
    private static readonly IActorRef Asker = new FakeRef("asker");
    private static readonly IActorRef Tracker = new FakeRef("tracker");
    private readonly RecordingOutbox _outbox = new();

    private static NodeId Id(long seq) => new(Session, seq);

    private static Tensor V(params float[] v) => Tensor.FromArray(v, v.Length);

    private Node NewOp(OpSpec op, params bool[] needsGrad)
    {
        var node = new Node(Id(10), _outbox);
        var inputs = needsGrad.Select((_, i) => new NodeRef(RecordingOutbox.Host, Id(i + 1))).ToArray();
        node.Receive(new DefineNode(new CreateOp(node.Id, op, inputs, needsGrad), null, new IActorRef?[inputs.Length]), ActorRefs.Nobody);
        return node;
    }

    [Fact]
    public void A_defined_node_asks_nobody_for_its_inputs_and_waits_for_them()
    {
        var node = new Node(Id(10), _outbox);
        var local = new FakeRef("local input");
        var create = new CreateOp(node.Id, new OpSpec("add"), [new NodeRef(RecordingOutbox.Host, Id(1)), new NodeRef(RecordingOutbox.Host, Id(2))], [true, true]);

        node.Receive(new DefineNode(create, null, [local, null]), ActorRefs.Nobody);

        // the host subscribed it to the local input, the client to the other: the node sends nothing
        Assert.Empty(_outbox.Sent);
        Assert.Equal(Node.State.AwaitingInputs, node.Current);
    }

    [Fact]
    public void A_second_definition_is_rejected_and_the_first_stays()
    {
        var node = new Node(Id(10), _outbox);
        node.Receive(new DefineNode(new CreateOp(node.Id, new OpSpec("neg"), [new NodeRef(RecordingOutbox.Host, Id(1))], [false]), null, [null]), ActorRefs.Nobody);

        node.Receive(new DefineNode(new CreateOp(node.Id, new OpSpec("exp"), [], []), null, []), Asker);

        Assert.Equal("neg", node.OpName);
        Assert.Contains(_outbox.Sent, s => s.Message is Rejected { Reason: var r } && r.Contains("already defined"));
    }

    [Fact]
    public void Gradients_go_straight_to_the_actor_that_sent_each_inputs_value()
    {
        var node = NewOp(new OpSpec("mul"), true, true);
        var first = new FakeRef("first input");
        var second = new FakeRef("second input");
        node.Receive(new InputValue(node.Id, 0, V(3)), first);
        node.Receive(new InputValue(node.Id, 1, V(4)), second);
        node.Receive(new PassPlan(node.Id, 1, 1, false, Tracker), Tracker);
        node.Receive(new Gradient(node.Id, 1, V(1)), ActorRefs.Nobody);
        Assert.Equal([first, second], _outbox.Sent.Select(s => s.To));
        Assert.Equal([Id(1), Id(2)], _outbox.Sent.Select(s => ((Gradient)s.Message).Node));
    }

    [Fact]
    public void Backward_work_that_arrives_before_the_value_is_replayed_in_order_once_it_exists()
    {
        var node = NewOp(new OpSpec("mul_scalar", 2f), true);
        node.Receive(new PassPlan(node.Id, 1, 2, false, Tracker), Tracker);
        node.Receive(new Gradient(node.Id, 1, V(1)), ActorRefs.Nobody);
        node.Receive(new Gradient(node.Id, 1, V(3)), ActorRefs.Nobody);
        Assert.Empty(_outbox.Sent);

        node.Receive(new InputValue(node.Id, 0, V(5)), ActorRefs.Nobody);
        var upstream = Assert.IsType<Gradient>(Assert.Single(_outbox.Sent).Message);
        Assert.Equal(Id(1), upstream.Node);
        Assert.Equal([8f], upstream.Value.ToArray());  // 2 * (1 + 3)
    }

    [Fact]
    public void A_node_whose_definition_never_comes_answers_everyone_waiting_with_the_failure()
    {
        var node = new Node(Id(3), _outbox);
        node.Receive(new GetValue(node.Id, 4), Asker);
        node.Receive(new PassPlan(node.Id, 1, 1, false, Tracker), Tracker);
        node.DefinitionTimedOut(TimeSpan.FromSeconds(2));

        Assert.Equal(Node.State.Failed, node.Current);
        var failure = Assert.IsType<RequestFailed>(_outbox.Sent[0].Message);
        Assert.Equal(4, failure.Request);
        Assert.Contains("never created within 2 s", failure.Message);
        Assert.Equal(Tracker, _outbox.Sent[1].To);
        Assert.IsType<PassFailed>(_outbox.Sent[1].Message);
    }

    [Fact]
    public void A_node_stopped_while_callers_wait_answers_each_of_them_naming_itself()
    {
        var node = NewOp(new OpSpec("neg"), true);  // waits for its input
        var consumer = new FakeRef("consumer");
        node.Receive(new GetValue(node.Id, 4), Asker);
        node.Receive(new Subscribe(node.Id, consumer, Id(11), 0), ActorRefs.Nobody);
        node.Receive(new PassPlan(node.Id, 7, 1, false, Tracker), Tracker);   // stashed until the value exists
        node.Receive(new GetGrad(node.Id, 5), Asker);                         // stashed too

        node.Stopped();

        Assert.Equal(
            [(Asker, typeof(RequestFailed), 4L), (consumer, typeof(InputFailed), 0L), (Tracker, typeof(PassFailed), 7L), (Asker, typeof(RequestFailed), 5L)],
            _outbox.Sent.Select(s => (s.To, s.Message.GetType(), s.Message switch
            {
                RequestFailed f => f.Request,
                PassFailed f => f.Pass,
                _ => 0L,
            })));
        Assert.All(_outbox.Sent, s => Assert.Contains($"node {node.Id} (neg) stopped", s.Message.ToString()));
        Assert.Equal(node.Id, ((InputFailed)_outbox.Sent[1].Message).Origin);
    }

    [Fact]
    public void A_node_stopped_with_a_pass_planned_fails_that_pass_and_owes_nothing_else()
    {
        var leaf = new Node(Id(1), _outbox);
        leaf.Receive(new CreateLeaf(leaf.Id, V(1), RequiresGrad: true), ActorRefs.Nobody);
        leaf.Receive(new PassPlan(leaf.Id, 3, 2, false, Tracker), Tracker);
        leaf.Receive(new Gradient(leaf.Id, 3, V(1)), ActorRefs.Nobody);  // one of two

        leaf.Stopped();
        leaf.Stopped();  // twice: still one answer

        var failed = Assert.IsType<PassFailed>(Assert.Single(_outbox.Sent).Message);
        Assert.Equal((3L, leaf.Id), (failed.Pass, failed.Node));
    }

    [Fact]
    public void A_node_that_owes_nothing_sends_nothing_when_stopped()
    {
        var leaf = new Node(Id(1), _outbox);
        leaf.Receive(new CreateLeaf(leaf.Id, V(1), RequiresGrad: false), ActorRefs.Nobody);
        leaf.Receive(new GetValue(leaf.Id, 1), Asker);
        _outbox.Sent.Clear();

        leaf.Stopped();

        Assert.Empty(_outbox.Sent);
    }

    [Fact]
    public void A_node_defined_over_an_input_of_another_session_fails_and_never_sends_there()
    {
        var node = new Node(Id(10), _outbox);
        var foreign = new NodeId(Guid.NewGuid(), 1);
        node.Receive(new DefineNode(new CreateOp(node.Id, new OpSpec("neg"), [new NodeRef(RecordingOutbox.Host, foreign)], [true]), null, [null]),
            ActorRefs.Nobody);
        node.Receive(new GetValue(node.Id, 2), Asker);

        Assert.Equal(Node.State.Failed, node.Current);
        var failure = Assert.IsType<RequestFailed>(Assert.Single(_outbox.Sent).Message);
        Assert.Contains("another session", failure.Message);
    }

    [Fact]
    public void A_leaf_that_needs_no_grad_reports_without_accumulating()
    {
        var leaf = new Node(Id(1), _outbox);
        leaf.Receive(new CreateLeaf(leaf.Id, V(1, 2), RequiresGrad: false), ActorRefs.Nobody);
        leaf.Receive(new PassPlan(leaf.Id, 1, 1, false, Tracker), Tracker);
        leaf.Receive(new Gradient(leaf.Id, 1, V(1, 1)), ActorRefs.Nobody);
        leaf.Receive(new GetGrad(leaf.Id, 2), Asker);
        Assert.Equal(new LeafDone(1, leaf.Id), _outbox.Sent[0].Message);
        Assert.Equal(new NodeGrad(2, leaf.Id, null), _outbox.Sent[1].Message);
    }

    [Fact]
    public void A_gradient_of_the_wrong_shape_fails_the_pass_instead_of_corrupting_the_grad()
    {
        var leaf = new Node(Id(1), _outbox);
        leaf.Receive(new CreateLeaf(leaf.Id, V(1, 2), RequiresGrad: true), ActorRefs.Nobody);
        leaf.Receive(new PassPlan(leaf.Id, 1, 1, false, Tracker), Tracker);
        leaf.Receive(new Gradient(leaf.Id, 1, V(1, 1, 1)), ActorRefs.Nobody);
        var failed = Assert.IsType<PassFailed>(Assert.Single(_outbox.Sent).Message);
        Assert.Contains("does not match", failed.Message);
    }
}
