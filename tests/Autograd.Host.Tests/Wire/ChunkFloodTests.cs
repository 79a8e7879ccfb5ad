using Akka.Actor;
using Akka.TestKit;
using Autograd.Access;
using Autograd.Protocol;
using Autograd.Wire;

namespace Autograd.Host.Tests.Wire;

/// <summary>
/// What a chunk assembler holds for others is bounded: per client (a sender that is not a member)
/// a number of half-sent transfers and of bytes, and in all a number of bytes; the rest is refused,
/// counted and logged, and what was held goes at the reassembly timeout. Senders are other systems
/// over loopback, so the assembler sees their real addresses. Sizes are scaled down: parts of
/// 256 KiB, at most 8 MiB per client and 20 MiB in all.
/// </summary>
public sealed class ChunkFloodTests : Akka.TestKit.Xunit2.TestKit
{
    private const int Part = 256 * 1024;
    private static readonly string Limits = """
        autograd.wire.max-message-size = 8MiB
        autograd.wire.reassembly-timeout = 1s
        autograd.limits.buffered-bytes-per-sender = 8MiB
        autograd.limits.buffered-bytes = 20MiB
        autograd.limits.transfers-per-sender = 16
        """;

    private readonly List<ActorSystem> _senders = [];
    private readonly byte[] _part = new byte[Part];

    public ChunkFloodTests() : base(WireConfig.Remote(Limits))
    {
    }

    protected override void AfterAll()
    {
        Task.WaitAll([.. _senders.Select(s => s.Terminate())], TimeSpan.FromSeconds(10));
        base.AfterAll();
    }

    private ActorSystem NewSender()
    {
        var system = ActorSystem.Create("sender", WireConfig.Remote(Limits + "\nakka.loglevel = WARNING"));
        _senders.Add(system);
        return system;
    }

    private IActorRef Seen(ActorSystem from, string path) =>
        ((ExtendedActorSystem)from).Provider.ResolveActorRef(((ExtendedActorSystem)Sys).Provider.DefaultAddress + path);

    private IActorRef AssemblerFrom(ActorSystem sender) => Seen(sender, "/system/" + AutogradWire.AssemblerName);

    /// <summary>The first chunk of a new transfer announcing <paramref name="total"/> bytes, as <paramref name="sender"/> sends it.</summary>
    private WireChunk First(TestProbe sender, IActorRef target, long total) =>
        new(Guid.NewGuid(), 0, total, "iv", target, sender.Ref, _part);

    private async Task<ChunkAssembler.Stats> Held()
    {
        Sys.ActorSelection("/system/" + AutogradWire.AssemblerName).Tell(ChunkAssembler.GetStats.Instance, TestActor);
        return await ExpectMsgAsync<ChunkAssembler.Stats>();
    }

    private long Refused => SessionAccess.Get(Sys).Refusals.Refused;

    [Fact]
    public async Task First_chunks_announcing_huge_transfers_are_held_up_to_the_clients_transfer_limit_and_dropped_at_the_timeout()
    {
        var sender = NewSender();
        var probe = CreateTestProbe(sender);
        var target = CreateTestProbe();
        var assembler = AssemblerFrom(sender);
        for (int i = 0; i < 400; i++)
            probe.Send(assembler, First(probe, Seen(sender, target.Ref.Path.ToStringWithoutAddress()), 8L << 20));

        await AwaitAssertAsync(() => Assert.Equal(400 - 16, Refused));
        Assert.Equal(new ChunkAssembler.Stats(16, 16L * Part, 1), await Held());
        await AwaitAssertAsync(async () => Assert.Equal(new ChunkAssembler.Stats(0, 0, 0), await Held()), TimeSpan.FromSeconds(5));
        await target.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task Half_sent_transfers_from_many_clients_are_bounded_in_all()
    {
        var target = CreateTestProbe();
        for (int s = 0; s < 6; s++)
        {
            var sender = NewSender();
            var probe = CreateTestProbe(sender);
            for (int i = 0; i < 30; i++)
                probe.Send(AssemblerFrom(sender), First(probe, Seen(sender, target.Ref.Path.ToStringWithoutAddress()), 8L << 20));
        }

        await AwaitAssertAsync(async () => Assert.Equal(6 * 30, (await Held()).Transfers + Refused), TimeSpan.FromSeconds(10));
        var held = await Held();
        Assert.Equal(80, held.Transfers);  // 16 per client until 20 MiB in all
        Assert.Equal(20L << 20, held.BufferedBytes);
        await AwaitAssertAsync(async () => Assert.Equal(0, (await Held()).BufferedBytes), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_clients_bytes_are_bounded_across_its_transfers()
    {
        var sender = NewSender();
        var probe = CreateTestProbe(sender);
        var target = Seen(sender, CreateTestProbe().Ref.Path.ToStringWithoutAddress());
        var assembler = AssemblerFrom(sender);
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        for (int i = 0; i < 24; i++)  // 6 MiB of an 8 MiB transfer
            probe.Send(assembler, new WireChunk(first, (long)i * Part, 8L << 20, "iv", target, probe.Ref, _part));
        for (int i = 0; i < 12; i++)  // then another: its 9th part would hold more than 8 MiB
            probe.Send(assembler, new WireChunk(second, (long)i * Part, 8L << 20, "iv", target, probe.Ref, _part));

        await AwaitAssertAsync(async () => Assert.Equal(new ChunkAssembler.Stats(1, 24L * Part, 1), await Held()), TimeSpan.FromSeconds(10));
        Assert.Equal(4, Refused);  // the part over the limit dropped its transfer; the next three have no transfer to continue
    }

    [Fact]
    public async Task A_chunk_naming_another_sender_or_a_target_elsewhere_is_refused()
    {
        var sender = NewSender();
        var probe = CreateTestProbe(sender);
        var elsewhere = CreateTestProbe(sender);
        var target = Seen(sender, CreateTestProbe().Ref.Path.ToStringWithoutAddress());
        var assembler = AssemblerFrom(sender);

        probe.Send(assembler, new WireChunk(Guid.NewGuid(), 0, Part, "iv", target, Seen(sender, "/user/autograd-nodes"), _part));
        probe.Send(assembler, new WireChunk(Guid.NewGuid(), 0, Part, "iv", elsewhere.Ref, probe.Ref, _part));
        assembler.Tell(new WireChunk(Guid.NewGuid(), 0, Part, "iv", target, null, _part), ActorRefs.NoSender);

        await AwaitAssertAsync(() => Assert.Equal(3, Refused));
        Assert.Equal(0, (await Held()).Transfers);
        await elsewhere.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task A_members_transfers_are_bound_only_by_the_total()
    {
        var sender = NewSender();
        SessionAccess.Get(Sys).Members.Add(((ExtendedActorSystem)sender).Provider.DefaultAddress);
        var probe = CreateTestProbe(sender);
        var target = Seen(sender, CreateTestProbe().Ref.Path.ToStringWithoutAddress());
        for (int i = 0; i < 40; i++)
            probe.Send(AssemblerFrom(sender), First(probe, target, 8L << 20));

        await AwaitAssertAsync(async () => Assert.Equal(40, (await Held()).Transfers), TimeSpan.FromSeconds(10));
        Assert.Equal(0, Refused);
    }

    [Fact]
    public async Task A_chunked_message_is_delivered_as_from_the_system_that_sent_its_chunks()
    {
        var sender = NewSender();
        var probe = CreateTestProbe(sender);
        var target = CreateTestProbe();
        var big = Tensor.Ones(2 * 1024 * 1024 / sizeof(float));  // two chunks of the default 1 MiB

        AutogradWire.Get(sender).Tell(Seen(sender, target.Ref.Path.ToStringWithoutAddress()), new InputValue(new NodeId(Guid.NewGuid(), 1), 0, big), probe.Ref);

        await target.ExpectMsgAsync<InputValue>(TimeSpan.FromSeconds(20));
        Assert.Equal(((ExtendedActorSystem)sender).Provider.DefaultAddress, target.LastSender.Path.Address);
        Assert.Equal(probe.Ref.Path.Elements, target.LastSender.Path.Elements);
    }
}
