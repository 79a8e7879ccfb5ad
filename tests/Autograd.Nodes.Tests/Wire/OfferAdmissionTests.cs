using Akka.Actor;
using Autograd.Access;
using Autograd.Nodes.Tests.Access;
using Autograd.Wire;

namespace Autograd.Nodes.Tests.Wire;

/// <summary>Which bulk offers a receiver takes before it allocates anything (plain).</summary>
public sealed class OfferAdmissionTests
{
    private const long MiB = 1 << 20;
    private static readonly IActorRef Target = new PathRef("akka://autograd/user/autograd-nodes");
    private static readonly IActorRef Member = new PathRef("akka.tcp://autograd@10.0.0.2:4053/user/autograd-nodes/$a");
    private static readonly IActorRef ClientA = new PathRef("akka.tcp://autograd-client@10.0.0.7:5001/temp/$a");
    private static readonly IActorRef ClientB = new PathRef("akka.tcp://autograd-client@10.0.0.8:5001/temp/$a");

    private static readonly WireSettings Settings = new(InlineBytes: 256 * 1024, MaxMessageBytes: 64 * MiB, IdleTimeout: TimeSpan.FromSeconds(30), FrameSize: 4 * MiB);
    private static readonly AccessLimits Limits = new(4096, 32768, 1024, TransfersPerSender: 2, BufferedBytesPerSender: 64 * MiB,
        BufferedBytes: 100 * MiB, TimeSpan.FromSeconds(10));

    private readonly MemberAddresses _members = new([Member.Path.Address]);
    private readonly Dictionary<Guid, Address> _owners = new();
    private bool _hostsNodes = true;
    private readonly OfferAdmission _admission;

    public OfferAdmissionTests() =>
        _admission = new OfferAdmission(Settings, Limits, _members.Trusts, s => _owners.GetValueOrDefault(s), () => _hostsNodes);

    private static BulkOffer Offer(long megabytes, Guid? session = null, IActorRef? target = null) =>
        new(Guid.NewGuid(), target ?? Target, "iv", [1, 2, 3], 0, [(int)(megabytes * MiB / 4)], 4054, session ?? Guid.NewGuid());

    [Fact]
    public void A_members_offer_is_bound_by_the_total_only()
    {
        for (int i = 0; i < 5; i++)
        {
            Assert.Null(_admission.Problem(Offer(20), Member));
            _admission.Hold(Member.Path.Address, 20 * MiB);
        }

        Assert.Contains("autograd.limits.buffered-bytes", _admission.Problem(Offer(1), Member));
        Assert.Equal((5, 100 * MiB, 1), (_admission.Transfers, _admission.Bytes, _admission.Senders));
    }

    [Fact]
    public void A_client_is_bound_per_sender_in_transfers_and_bytes()
    {
        Assert.Null(_admission.Problem(Offer(40), ClientA));
        _admission.Hold(ClientA.Path.Address, 40 * MiB);
        Assert.Contains("buffered-bytes-per-sender", _admission.Problem(Offer(30), ClientA));
        Assert.Null(_admission.Problem(Offer(10), ClientA));
        _admission.Hold(ClientA.Path.Address, 10 * MiB);
        Assert.Contains("transfers-per-sender", _admission.Problem(Offer(1), ClientA));
        Assert.Null(_admission.Problem(Offer(10), ClientB));

        _admission.Release(ClientA.Path.Address, 40 * MiB);
        Assert.Null(_admission.Problem(Offer(30), ClientA));
    }

    [Fact]
    public void A_client_is_refused_for_another_clients_session_and_taken_for_its_own_or_an_unclaimed_one()
    {
        var session = Guid.NewGuid();
        _owners[session] = ClientB.Path.Address;

        Assert.Contains("belongs to another client", _admission.Problem(Offer(1, session), ClientA));
        Assert.Null(_admission.Problem(Offer(1, session), ClientB));
        Assert.Null(_admission.Problem(Offer(1, Guid.NewGuid()), ClientA));
        Assert.Contains("must name its session", _admission.Problem(Offer(1, Guid.Empty), ClientA));
    }

    [Fact]
    public void A_system_that_hosts_no_nodes_takes_transfers_from_members_only()
    {
        _hostsNodes = false;

        Assert.Contains("members only", _admission.Problem(Offer(1), ClientA));
        Assert.Null(_admission.Problem(Offer(1), Member));
    }

    [Fact]
    public void Offers_without_a_sender_with_a_target_elsewhere_or_with_sizes_out_of_bounds_are_refused()
    {
        Assert.Contains("must have a sender", _admission.Problem(Offer(1), ActorRefs.Nobody));
        Assert.Contains("not in this system", _admission.Problem(Offer(1, target: ClientB), Member));
        Assert.Contains("max-message-size", _admission.Problem(Offer(65), Member));
        Assert.Contains("outside (0", _admission.Problem(Offer(1) with { SlotCounts = [0] }, Member));
        Assert.Contains("inconsistent", _admission.Problem(Offer(1) with { SlotCounts = [-4] }, Member));
        Assert.Contains("inconsistent", _admission.Problem(Offer(1) with { HeaderBytes = 10 }, Member));
        Assert.Contains("not a message the bulk path carries", _admission.Problem(Offer(1) with { Manifest = "bo" }, Member));
        Assert.Contains("not a message the bulk path carries", _admission.Problem(Offer(1) with { Manifest = "System.String" }, Member));
        Assert.Contains("port", _admission.Problem(Offer(1) with { Port = 0 }, Member));
    }
}
