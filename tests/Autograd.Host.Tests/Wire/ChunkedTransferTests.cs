using Akka.Actor;
using Akka.TestKit;
using Autograd.Protocol;
using Autograd.Wire;

namespace Autograd.Host.Tests.Wire;

/// <summary>Two ActorSystems joined by Akka.Remote over loopback, so every message really crosses a socket.</summary>
public class ChunkedTransferTests : Akka.TestKit.Xunit2.TestKit
{
    private readonly ActorSystem _other;

    // every refusal logged (a flood is logged once per sender per interval; these specs count the lines)
    public ChunkedTransferTests() : base(WireConfig.Remote("autograd.limits.refusal-log-interval = 0s"))
    {
        _other = ActorSystem.Create(Sys.Name, WireConfig.Remote());
    }

    protected override void AfterAll()
    {
        _other.Terminate().Wait(TimeSpan.FromSeconds(10));
        base.AfterAll();
    }

    /// <summary>A probe on the other system, as this system addresses it.</summary>
    private (TestProbe Probe, IActorRef Remote) RemoteProbe()
    {
        var probe = CreateTestProbe(_other);
        var address = ((ExtendedActorSystem)_other).Provider.DefaultAddress;
        var remote = ((ExtendedActorSystem)Sys).Provider.ResolveActorRef(probe.Ref.Path.ToStringWithAddress(address));
        return (probe, remote);
    }

    private static readonly NodeId AnyNode = new(Guid.NewGuid(), 7);

    [Fact]
    public async Task A_100_MB_tensor_crosses_members_intact_in_chunks_below_the_frame_size()
    {
        var settings = AutogradWire.Get(Sys).Settings;
        Assert.True(settings.ChunkSize + WireSettings.FrameHeadroom <= settings.FrameSize);
        var count = 100 * 1024 * 1024 / sizeof(float);
        var data = new float[count];
        for (int i = 0; i < count; i++) data[i] = i * 0.5f - 7f;
        var tensor = Tensor.Wrap(data, [count / 1024, 1024]);
        var (probe, remote) = RemoteProbe();

        AutogradWire.Get(Sys).Tell(remote, new InputValue(AnyNode, 5, tensor), TestActor);

        var received = await probe.ExpectMsgAsync<InputValue>(TimeSpan.FromSeconds(60));
        Assert.Equal(5, received.Slot);
        Assert.Equal(tensor.Shape, received.Value.Shape);
        Assert.True(received.Value.Span.SequenceEqual(data), "every element arrives unchanged");
        Assert.Equal(TestActor.Path.Name, probe.LastSender.Path.Name);
    }

    [Fact]
    public async Task A_small_message_goes_as_one_plain_message()
    {
        var (probe, remote) = RemoteProbe();

        AutogradWire.Get(Sys).Tell(remote, new InputValue(AnyNode, 1, Tensor.Ones(3)), TestActor);

        var received = await probe.ExpectMsgAsync<InputValue>(TimeSpan.FromSeconds(10));
        Assert.Equal([1f, 1f, 1f], received.Value.ToArray());
    }

    [Fact]
    public async Task A_transfer_whose_sender_stops_midway_is_dropped_after_the_reassembly_timeout()
    {
        var settings = AutogradWire.Get(Sys).Settings with { ReassemblyTimeout = TimeSpan.FromMilliseconds(400) };
        var assembler = Sys.ActorOf(ChunkAssembler.Props(settings, Autograd.Access.SessionAccess.Get(Sys)));
        var probe = CreateTestProbe();

        await EventFilter.Error(contains: "incomplete after").ExpectOneAsync(TimeSpan.FromSeconds(5), () =>
            Sent(assembler, new WireChunk(Guid.NewGuid(), 0, 100, "iv", probe.Ref, null, new byte[40])));

        await probe.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
    }

    private static Task Sent(IActorRef assembler, WireChunk chunk)
    {
        assembler.Tell(chunk);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_assembler_drops_bad_chunks_with_an_error_and_keeps_delivering_good_transfers()
    {
        var probe = CreateTestProbe();
        var assembler = await Sys.ActorSelection("/system/" + AutogradWire.AssemblerName).ResolveOne(TimeSpan.FromSeconds(5));
        var manifest = "iv";
        var good = ((Akka.Serialization.SerializerWithStringManifest)Sys.Serialization.FindSerializerFor(new InputValue(AnyNode, 0, Tensor.Ones(1))))
            .ToBinary(new InputValue(AnyNode, 2, Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f], 6)));

        await EventFilter.Error(contains: "announced size").ExpectOneAsync(() =>
            Sent(assembler, new WireChunk(Guid.NewGuid(), 0, long.MaxValue, manifest, probe.Ref, null, [1, 2, 3])));
        var outOfOrder = Guid.NewGuid();
        await EventFilter.Error(contains: "expected offset 0").ExpectOneAsync(() =>
            Sent(assembler, new WireChunk(outOfOrder, 10, good.Length, manifest, probe.Ref, null, good[10..])));
        await EventFilter.Error(contains: "does not deserialize").ExpectOneAsync(() =>
            Sent(assembler, new WireChunk(Guid.NewGuid(), 0, 4, manifest, probe.Ref, null, [0xc1, 0xc1, 0xc1, 0xc1])));

        var transfer = Guid.NewGuid();
        assembler.Tell(new WireChunk(transfer, 0, good.Length, manifest, probe.Ref, null, good[..7]));
        assembler.Tell(new WireChunk(transfer, 7, good.Length, manifest, probe.Ref, null, good[7..]));

        var delivered = await probe.ExpectMsgAsync<InputValue>(TimeSpan.FromSeconds(5));
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f], delivered.Value.ToArray());
    }
}
