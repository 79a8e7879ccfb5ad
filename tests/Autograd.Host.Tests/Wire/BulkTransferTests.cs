using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.TestKit;
using Autograd.Access;
using Autograd.Protocol;
using Autograd.Wire;

namespace Autograd.Host.Tests.Wire;

/// <summary>
/// The bulk path between two ActorSystems joined by Akka.Remote over loopback (this one, the
/// receiver, hosts nodes), so every byte really crosses sockets: the control message on Akka's
/// connection, the tensors on the bulk connection. Idle timeouts of 1 s.
/// </summary>
public class BulkTransferTests : Akka.TestKit.Xunit2.TestKit
{
    private const string Settings = """
        autograd.wire.idle-timeout = 1s
        autograd.limits.refusal-log-interval = 0s
        """;

    private readonly ActorSystem _other;

    public BulkTransferTests() : base(WireConfig.Remote(Settings))
    {
        _other = ActorSystem.Create(Sys.Name, WireConfig.Remote(Settings));
        SessionAccess.Get(Sys).HostsNodes = true;  // as a member's node host says it
    }

    protected override void AfterAll()
    {
        _other.Terminate().Wait(TimeSpan.FromSeconds(10));
        base.AfterAll();
    }

    private static readonly NodeId AnyNode = new(Guid.NewGuid(), 7);

    /// <summary><paramref name="actor"/> (of this system) as <paramref name="from"/> addresses it.</summary>
    private IActorRef Seen(ActorSystem from, IActorRef actor) =>
        ((ExtendedActorSystem)from).Provider.ResolveActorRef(actor.Path.ToStringWithAddress(((ExtendedActorSystem)Sys).Provider.DefaultAddress));

    private async Task<BulkReceiver.Stats> Held(ActorSystem system)
    {
        var probe = CreateTestProbe(system);
        system.ActorSelection("/system/" + AutogradWire.ReceiverName).Tell(BulkReceiver.GetStats.Instance, probe.Ref);
        return await probe.ExpectMsgAsync<BulkReceiver.Stats>();
    }

    private long Refused => SessionAccess.Get(Sys).Refusals.Refused;

    [Fact]
    public async Task A_100_MB_tensor_crosses_intact_on_the_bulk_path_and_arrives_as_from_its_sender()
    {
        var count = 100 * 1024 * 1024 / sizeof(float);
        var data = new float[count];
        for (int i = 0; i < count; i++) data[i] = i * 0.5f - 7f;
        var tensor = Tensor.Wrap(data, [count / 1024, 1024]);
        var target = CreateTestProbe();
        var sender = CreateTestProbe(_other);

        AutogradWire.Get(_other).Tell(Seen(_other, target.Ref), new InputValue(AnyNode, 5, tensor), sender.Ref);

        var received = await target.ExpectMsgAsync<InputValue>(TimeSpan.FromSeconds(60));
        Assert.Equal(5, received.Slot);
        Assert.Equal(tensor.Shape, received.Value.Shape);
        Assert.True(received.Value.Span.SequenceEqual(data), "every element arrives unchanged");
        Assert.Equal(((ExtendedActorSystem)_other).Provider.DefaultAddress, target.LastSender.Path.Address);
        Assert.Equal(sender.Ref.Path.Elements, target.LastSender.Path.Elements);
        await AwaitAssertAsync(async () =>
        {
            Assert.Equal(new BulkReceiver.Stats(0, 0, 0, 0), await Held(Sys));  // nothing held here
            Assert.Equal(0, (await Held(_other)).Offered);                      // nor there
        });
    }

    [Fact]
    public async Task A_small_message_goes_as_one_plain_message()
    {
        var target = CreateTestProbe();

        AutogradWire.Get(_other).Tell(Seen(_other, target.Ref), new InputValue(AnyNode, 1, Tensor.FromArray([1f, 2f, 3f], 3)), TestActor);

        var received = await target.ExpectMsgAsync<InputValue>(TimeSpan.FromSeconds(10));
        Assert.Equal([1f, 2f, 3f], received.Value.ToArray());
        Assert.Equal(0, (await Held(_other)).Offered);
    }

    [Fact]
    public async Task A_message_too_large_for_a_frame_without_any_tensor_goes_on_the_bulk_path_too()
    {
        var target = CreateTestProbe();
        var seqs = Enumerable.Range(1, 600_000).Select(i => (long)i * 1_000_003).ToArray();
        var plan = new BackwardPlan(AnyNode.Session, 3, seqs, [.. seqs.Select(s => (int)(s % 7))], false, TestActor);

        AutogradWire.Get(_other).Tell(Seen(_other, target.Ref), plan, CreateTestProbe(_other).Ref);

        var received = await target.ExpectMsgAsync<BackwardPlan>(TimeSpan.FromSeconds(20));
        Assert.Equal(seqs, received.Seqs);
        Assert.Equal(plan.Counts, received.Counts);
    }

    [Fact]
    public async Task A_transfer_announced_but_never_sent_is_dropped_at_the_idle_timeout_and_its_buffer_freed()
    {
        // The "sender" accepts the receiver's connection and reads its grants, but never sends a byte.
        using var tarPit = new TcpListener(IPAddress.Loopback, 0);
        tarPit.Start();
        var accepted = tarPit.AcceptTcpClientAsync();
        var target = CreateTestProbe();
        var offer = new BulkOffer(Guid.NewGuid(), Seen(_other, target.Ref), "iv", [0x93, 0x93, 0, 0, 0, 0, 0], 0, [4 << 20],
            ((IPEndPoint)tarPit.LocalEndpoint).Port, AnyNode.Session);

        await EventFilter.Error(contains: "no progress within").ExpectOneAsync(TimeSpan.FromSeconds(10), async () =>
        {
            Seen(_other, await Sys.ActorSelection("/system/" + AutogradWire.ReceiverName).ResolveOne(TimeSpan.FromSeconds(5)))
                .Tell(offer, CreateTestProbe(_other).Ref);
            await AwaitAssertAsync(async () => Assert.Equal(new BulkReceiver.Stats(1, 16L << 20, 1, 0), await Held(Sys)));
        });

        Assert.Equal(new BulkReceiver.Stats(0, 0, 0, 0), await Held(Sys));
        await target.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
        (await accepted).Dispose();
    }

    [Fact]
    public async Task An_offer_nobody_pulls_is_dropped_by_its_sender_at_the_idle_timeout()
    {
        // A target on a system that does not exist: the offer goes nowhere, so nobody ever pulls.
        var nowhere = ((ExtendedActorSystem)_other).Provider.ResolveActorRef("akka.tcp://autograd@127.0.0.1:9/user/nobody");

        AutogradWire.Get(_other).Tell(nowhere, new InputValue(AnyNode, 0, Tensor.RandomUniform(1, 0f, 1f, 1 << 20)), CreateTestProbe(_other).Ref);

        Assert.Equal(1, (await Held(_other)).Offered);
        await AwaitAssertAsync(async () => Assert.Equal(0, (await Held(_other)).Offered), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_clients_transfer_for_another_clients_session_is_refused_before_anything_is_allocated()
    {
        var session = Guid.NewGuid();
        SessionAccess.Get(Sys).SetOutsideOwner(session, Address.Parse("akka.tcp://autograd-client@10.0.0.9:5000"));
        var target = CreateTestProbe();
        long refused = Refused;

        AutogradWire.Get(_other).Tell(Seen(_other, target.Ref), new InputValue(new NodeId(session, 1), 0, Tensor.RandomUniform(1, 0f, 1f, 1 << 20)),
            CreateTestProbe(_other).Ref);

        await AwaitAssertAsync(() => Assert.Equal(refused + 1, Refused));
        Assert.Equal(new BulkReceiver.Stats(0, 0, 0, 0), await Held(Sys));
        await target.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task A_system_that_hosts_no_nodes_refuses_transfers_from_anyone_but_members()
    {
        var target = CreateTestProbe(_other);
        var seen = ((ExtendedActorSystem)Sys).Provider.ResolveActorRef(
            target.Ref.Path.ToStringWithAddress(((ExtendedActorSystem)_other).Provider.DefaultAddress));
        long refused = SessionAccess.Get(_other).Refusals.Refused;

        AutogradWire.Get(Sys).Tell(seen, new InputValue(AnyNode, 0, Tensor.RandomUniform(1, 0f, 1f, 1 << 20)), TestActor);

        await AwaitAssertAsync(() => Assert.Equal(refused + 1, SessionAccess.Get(_other).Refusals.Refused));
        await target.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
    }
}
