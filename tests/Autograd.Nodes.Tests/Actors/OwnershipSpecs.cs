using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit;
using Autograd.Actors;
using Autograd.Cluster;
using Autograd.Ops;
using Autograd.Optim;
using Autograd.Protocol;
using Xunit.Abstractions;

namespace Autograd.Nodes.Tests.Actors;

/// <summary>Two client systems outside the member, over loopback remoting, shared by the specs of a class.</summary>
public sealed class TwoClients : IDisposable
{
    public static Config Remote(string name) => ConfigurationFactory.ParseString($$"""
            akka.actor.provider = remote
            akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
            akka.loglevel = WARNING
            akka.log-dead-letters = off
            akka.test.single-expect-default = 10s
            """)
        .WithFallback(AutogradConfig.Default);

    public ActorSystem A { get; } = ActorSystem.Create("client-a", Remote("a"));

    public ActorSystem B { get; } = ActorSystem.Create("client-b", Remote("b"));

    public void Dispose() => Task.WaitAll([A.Terminate(), B.Terminate()], TimeSpan.FromSeconds(10));
}

/// <summary>
/// A session belongs to the system that opened it: a second client, connected and knowing the
/// session's id and node numbers, can neither read, change, release nor free it, whatever message
/// it sends, to the node host or straight to a node's actor. The member is this spec's system;
/// clients A (the owner) and B (the intruder) are other systems, so every message crosses a socket.
/// </summary>
public sealed class OwnershipSpecs : Akka.TestKit.Xunit2.TestKit, IClassFixture<TwoClients>
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(200);
    private static readonly OptimizerSpec Sgd = new(OptimizerSpec.Sgd, Lr: 1f);

    private readonly TwoClients _clients;
    private readonly IActorRef _host;
    private readonly Guid _session = Guid.NewGuid();
    private readonly NodeId _p;
    private readonly TestProbe _a;
    private readonly TestProbe _b;

    public OwnershipSpecs(TwoClients clients, ITestOutputHelper output)
        : base(TwoClients.Remote("member").WithFallback(AutogradConfig.SerializeAllMessages), "autograd", output)
    {
        _clients = clients;
        var watcher = Sys.ActorOf(ClientWatcher.Props(), ClientWatcher.Name);
        _host = Sys.ActorOf(NodeHost.Props(TimeSpan.FromSeconds(30), watcher), AutogradConfig.NodeHostName);
        _p = new NodeId(_session, 1);
        _a = CreateTestProbe(clients.A);
        _b = CreateTestProbe(clients.B);
    }

    /// <summary>An actor of this (the member's) system as <paramref name="client"/> addresses it.</summary>
    private IActorRef Seen(ActorSystem client, IActorRef actor) =>
        ((ExtendedActorSystem)client).Provider.ResolveActorRef(actor.Path.ToStringWithAddress(((ExtendedActorSystem)Sys).Provider.DefaultAddress));

    private IActorRef HostOf(ActorSystem client) => Seen(client, _host);

    private static Tensor V(params float[] v) => Tensor.FromArray(v, v.Length);

    /// <summary>Client A opens the session and makes parameter p = [1, 2] with grad [3, 4]; returns p's actor as A sees it.</summary>
    private async Task<IActorRef> OwnerMakesParameter()
    {
        var host = HostOf(_clients.A);
        _a.Send(host, new OpenSession(_session, _a.Ref));
        _a.Send(host, new CreateLeaf(_p, V(1, 2), RequiresGrad: true));
        _a.Send(host, new BackwardPlan(_session, 1, [_p.Seq], [1], false, _a.Ref, new Gradient(_p, 1, V(3, 4))));
        await _a.ExpectMsgAsync<LeafDone>();
        _a.Send(host, new GetValue(_p, 1));
        await _a.ExpectMsgAsync<NodeValue>();
        return _a.LastSender;
    }

    /// <summary>Client A reads p as it made it, and the member holds nothing the intruder made.</summary>
    private async Task OwnerStillHasItsParameter()
    {
        var host = HostOf(_clients.A);
        _a.Send(host, new GetValue(_p, 11));
        Assert.Equal(new[] { 1f, 2f }, (await _a.ExpectMsgAsync<NodeValue>()).Value.ToArray());
        _a.Send(host, new GetGrad(_p, 12));
        Assert.Equal(new[] { 3f, 4f }, (await _a.ExpectMsgAsync<NodeGrad>()).Grad!.ToArray());
        _a.Send(host, new GetParameterState(_p, 13));
        Assert.Empty((await _a.ExpectMsgAsync<ParameterStateValue>()).Names);
        _a.Send(host, new GetHostStats());
        var stats = await _a.ExpectMsgAsync<HostStats>();
        Assert.Equal((1, 1, 0), (stats.Sessions, stats.Nodes, stats.FreedSessions));
        Assert.True(stats.Refused >= 1, "the intruder's message was counted");
    }

    /// <summary>Every message kind a second client could use against the session, by name.</summary>
    private static readonly Dictionary<string, Func<Guid, NodeId, IActorRef, object>> Attacks = new()
    {
        ["GetValue"] = (_, p, b) => new GetValue(p, 5),
        ["GetGrad"] = (_, p, b) => new GetGrad(p, 5),
        ["Subscribe"] = (s, p, b) => new Subscribe(p, b, new NodeId(s, 99), 0),
        ["BackwardPlan with a seed"] = (s, p, b) => new BackwardPlan(s, 2, [p.Seq], [1], false, b, new Gradient(p, 2, V(100, 100))),
        ["Gradient"] = (_, p, b) => new Gradient(p, 1, V(100, 100)),
        ["ZeroGrad"] = (_, p, b) => new ZeroGrad(p, 5),
        ["ZeroGrads"] = (s, p, b) => new ZeroGrads(s, 5, [p.Seq]),
        ["StepParameters"] = (s, p, b) => new StepParameters(s, 5, [p.Seq], Sgd),
        ["StepParameter"] = (_, p, b) => new StepParameter(p, 5, Sgd),
        ["GetParameterState"] = (_, p, b) => new GetParameterState(p, 5),
        ["SetParameterState"] = (_, p, b) => new SetParameterState(p, 5, [ParameterState.MomentumBuffer], [V(9, 9)]),
        ["AssignValue"] = (_, p, b) => new AssignValue(p, 5, V(666, 666)),
        ["ReleaseNodes"] = (s, p, b) => new ReleaseNodes(s, [p.Seq]),
        ["FreeSession"] = (s, p, b) => new FreeSession(s),
        ["CreateLeaf"] = (s, p, b) => new CreateLeaf(new NodeId(s, 50), V(0), false),
        ["CreateBatch"] = (s, p, b) => new CreateBatch([new CreateOp(new NodeId(s, 51), new OpSpec("neg"), [new NodeRef(b, p)], [false])], []),
        ["CreateDetached"] = (s, p, b) => new CreateDetached(new NodeId(s, 52), new NodeRef(b, p)),
        ["OpenSession"] = (s, p, b) => new OpenSession(s, b),
        ["CloseSession"] = (s, p, b) => new CloseSession(s),
    };

    public static TheoryData<string> AttackNames => [.. Attacks.Keys];

    public static TheoryData<string> StraightToTheNode => ["GetValue", "GetGrad", "Gradient", "ZeroGrad", "StepParameter", "AssignValue", "SetParameterState", "Subscribe"];

    [Theory]
    [MemberData(nameof(AttackNames))]
    public async Task A_second_client_cannot_use_the_session_of_the_first_through_the_node_host(string attack)
    {
        await OwnerMakesParameter();

        _b.Send(HostOf(_clients.B), Attacks[attack](_session, _p, _b.Ref));

        var rejected = await _b.ExpectMsgAsync<Rejected>();
        Assert.Contains("belongs to another client", rejected.Reason);
        await _b.ExpectNoMsgAsync(Quiet);  // no value, grad, state or report on top
        await OwnerStillHasItsParameter();
        await _a.ExpectNoMsgAsync(Quiet);  // and no report of a pass it did not start
    }

    [Theory]
    [MemberData(nameof(AttackNames))]
    public async Task A_second_client_cannot_use_the_session_of_the_first_inside_a_bundle(string attack)
    {
        await OwnerMakesParameter();

        _b.Send(HostOf(_clients.B), new Bundle([(IAutogradMessage)Attacks[attack](_session, _p, _b.Ref)]));

        Assert.Contains("belongs to another client", (await _b.ExpectMsgAsync<Rejected>()).Reason);
        await _b.ExpectNoMsgAsync(Quiet);
        await OwnerStillHasItsParameter();
        await _a.ExpectNoMsgAsync(Quiet);
    }

    [Fact]
    public async Task The_owners_bundle_is_handled_message_by_message_in_its_order()
    {
        await OwnerMakesParameter();

        _a.Send(HostOf(_clients.A), new Bundle([new AssignValue(_p, 3, V(5, 6)), new GetValue(_p, 4), new ZeroGrads(_session, 5, [_p.Seq]), new GetGrad(_p, 6)]));

        Assert.Equal(3, (await _a.ExpectMsgAsync<NodeUpdated>()).Request);
        Assert.Equal(new[] { 5f, 6f }, (await _a.ExpectMsgAsync<NodeValue>()).Value.ToArray());
        // The zero-grad is answered by the host once the node is done, the read by the node: in either order.
        var last = new[] { await _a.ReceiveOneAsync(), await _a.ReceiveOneAsync() };
        Assert.Equal(5, last.OfType<ParametersDone>().Single().Request);
        Assert.Equal(new[] { 0f, 0f }, last.OfType<NodeGrad>().Single().Grad!.ToArray());
    }

    [Theory]
    [MemberData(nameof(StraightToTheNode))]
    public async Task A_second_client_cannot_use_the_session_of_the_first_straight_through_a_nodes_actor(string attack)
    {
        var actor = await OwnerMakesParameter();

        _b.Send(Seen(_clients.B, actor), Attacks[attack](_session, _p, _b.Ref));

        Assert.Contains("belongs to another client", (await _b.ExpectMsgAsync<Rejected>()).Reason);
        await _b.ExpectNoMsgAsync(Quiet);
        await OwnerStillHasItsParameter();
    }

    [Fact]
    public async Task A_client_cannot_create_sessions_or_nodes_by_naming_sessions_it_never_opened()
    {
        var host = HostOf(_clients.B);
        for (int i = 0; i < 200; i++) _b.Send(host, new GetValue(new NodeId(Guid.NewGuid(), 1), i));
        for (int i = 0; i < 200; i++) Assert.Contains("was not opened from", (await _b.ExpectMsgAsync<Rejected>()).Reason);

        _b.Send(host, new GetHostStats());
        var stats = await _b.ExpectMsgAsync<HostStats>();
        Assert.Equal((0, 0, 200L), (stats.Sessions, stats.Nodes, stats.Refused));
    }

    [Fact]
    public async Task The_owner_uses_its_session_from_any_of_its_actors_and_frees_it()
    {
        await OwnerMakesParameter();
        var other = CreateTestProbe(_clients.A);

        other.Send(HostOf(_clients.A), new AssignValue(_p, 3, V(5, 6)));
        await other.ExpectMsgAsync<NodeUpdated>();
        other.Send(HostOf(_clients.A), new FreeSession(_session));
        Assert.Equal(new SessionFreed(_session, 1), await other.ExpectMsgAsync<SessionFreed>());
    }

    [Fact]
    public async Task A_message_without_a_sender_is_refused_even_from_the_owners_system()
    {
        await OwnerMakesParameter();

        HostOf(_clients.A).Tell(new AssignValue(_p, 3, V(666, 666)), ActorRefs.NoSender);

        await AwaitAssertAsync(async () =>
        {
            _a.Send(HostOf(_clients.A), new GetHostStats());
            Assert.Equal(1, (await _a.ExpectMsgAsync<HostStats>()).Refused);
        });
        _a.Send(HostOf(_clients.A), new GetValue(_p, 4));
        Assert.Equal(new[] { 1f, 2f }, (await _a.ExpectMsgAsync<NodeValue>()).Value.ToArray());
    }
}
