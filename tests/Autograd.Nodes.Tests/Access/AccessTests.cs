using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using Autograd.Access;
using Autograd.Actors;
using Autograd.Cluster;
using Autograd.Protocol;

namespace Autograd.Nodes.Tests.Access;

/// <summary>An actor ref that is only a path: where a message claims to come from.</summary>
internal sealed class PathRef(string path) : MinimalActorRef
{
    public override ActorPath Path { get; } = ActorPath.Parse(path);

    public override IActorRefProvider Provider => throw new InvalidOperationException("not an actor");
}

/// <summary>Who a member takes messages naming a session from (the node host's gate, plain).</summary>
public sealed class SessionGateTests
{
    private static readonly IActorRef Local = new PathRef("akka://autograd/temp/client");
    private static readonly IActorRef Member = new PathRef("akka.tcp://autograd@10.0.0.2:4053/user/autograd-nodes/$a");
    private static readonly IActorRef ClientA = new PathRef("akka.tcp://autograd-client@10.0.0.7:5001/temp/$a");
    private static readonly IActorRef ClientAOther = new PathRef("akka.tcp://autograd-client@10.0.0.7:5001/user/autograd-client");
    private static readonly IActorRef ClientB = new PathRef("akka.tcp://autograd-client@10.0.0.8:5001/temp/$a");
    private static readonly object Read = new GetValue(new NodeId(Guid.Empty, 1), 1);

    private readonly SessionGate _gate = new(new MemberAddresses([Member.Path.Address]), sessionsPerClient: 2);
    private readonly HostSession _session = new(Guid.NewGuid());

    private Admission AdmitAndClaim(HostSession? session, IActorRef sender, object message)
    {
        var admission = _gate.Admit(session, sender, message);
        if (admission == Admission.Admitted && session is not null) _gate.Claim(session, sender, message);
        return admission;
    }

    private static OpenSession Open(HostSession session, IActorRef client) => new(session.Id, client);

    [Fact]
    public void An_outsider_cannot_create_a_session_by_naming_it()
    {
        Assert.Equal(Admission.NotOpened, _gate.Admit(null, ClientB, Read));
        Assert.Equal(Admission.NotOpened, _gate.Admit(null, ClientB, new FreeSession(_session.Id)));
    }

    [Fact]
    public void A_client_that_opened_a_session_is_its_only_outsider_and_any_of_its_actors_may_speak()
    {
        Assert.Equal(Admission.Admitted, AdmitAndClaim(_session, ClientA, Open(_session, ClientAOther)));
        Assert.Equal(ClientA.Path.Address, _session.Owner);

        Assert.Equal(Admission.Admitted, _gate.Admit(_session, ClientAOther, Read));
        Assert.Equal(Admission.NotOwner, _gate.Admit(_session, ClientB, Read));
        Assert.Equal(Admission.NotOwner, _gate.Admit(_session, ClientB, Open(_session, ClientB)));  // nor can it claim it
    }

    [Fact]
    public void Members_and_this_system_are_admitted_for_every_session()
    {
        AdmitAndClaim(_session, ClientA, Open(_session, ClientA));
        Assert.Equal(Admission.Admitted, _gate.Admit(_session, Member, new Gradient(new NodeId(_session.Id, 1), 1, Tensor.Scalar(1))));
        Assert.Equal(Admission.Admitted, _gate.Admit(_session, Local, Read));
        Assert.Equal(Admission.Admitted, _gate.Admit(null, Member, Read));
    }

    [Fact]
    public void A_message_without_a_sender_is_refused_because_a_remote_one_would_look_local()
    {
        Assert.Equal(Admission.NoSender, _gate.Admit(_session, ActorRefs.NoSender!, Read));
        Assert.Equal(Admission.NoSender, _gate.Admit(_session, ActorRefs.Nobody, Read));
    }

    [Fact]
    public void Values_from_another_member_do_not_claim_a_session_and_its_clients_open_session_then_does()
    {
        AdmitAndClaim(_session, Member, new InputValue(new NodeId(_session.Id, 1), 0, Tensor.Scalar(1)));
        Assert.Null(_session.Owner);

        Assert.Equal(Admission.Admitted, AdmitAndClaim(_session, ClientA, Open(_session, ClientA)));
        Assert.Equal(ClientA.Path.Address, _session.Owner);
    }

    [Fact]
    public void The_first_client_message_from_this_system_claims_the_session_so_no_outsider_can_open_it()
    {
        AdmitAndClaim(_session, Local, new CreateLeaf(new NodeId(_session.Id, 1), Tensor.Scalar(1), false));
        Assert.Equal(Admission.NotOwner, _gate.Admit(_session, ClientB, Open(_session, ClientB)));
    }

    [Fact]
    public void A_client_may_hold_a_bounded_number_of_sessions_and_open_another_once_one_is_freed()
    {
        var sessions = Enumerable.Range(0, 3).Select(_ => new HostSession(Guid.NewGuid())).ToArray();
        Assert.Equal(Admission.Admitted, AdmitAndClaim(sessions[0], ClientA, Open(sessions[0], ClientA)));
        Assert.Equal(Admission.Admitted, AdmitAndClaim(sessions[1], ClientA, Open(sessions[1], ClientA)));
        Assert.Equal(Admission.TooManySessions, AdmitAndClaim(sessions[2], ClientA, Open(sessions[2], ClientA)));
        Assert.Equal(Admission.Admitted, AdmitAndClaim(sessions[2], ClientB, Open(sessions[2], ClientB)));  // another client's own count

        _gate.Forget(sessions[0]);
        Assert.Equal(1, _gate.SessionsOf(ClientA.Path.Address));
        Assert.Equal(Admission.Admitted, AdmitAndClaim(new HostSession(Guid.NewGuid()), ClientA, Open(sessions[0], ClientA)));
    }
}

public sealed class MemberAddressesTests
{
    [Fact]
    public void Trusted_senders_are_this_systems_actors_and_the_members_never_nobody()
    {
        var member = new PathRef("akka.tcp://autograd@10.0.0.2:4053/user/autograd-nodes");
        var members = new MemberAddresses([member.Path.Address]);

        Assert.True(members.Trusts(new PathRef("akka://autograd/temp/$a")));
        Assert.True(members.Trusts(member));
        Assert.True(members.Trusts(new PathRef("akka.tcp://autograd@10.0.0.2:4053/user/autograd-nodes/$b")));
        Assert.False(members.Trusts(new PathRef("akka.tcp://autograd@10.0.0.2:4054/user/autograd-nodes")));  // another port
        Assert.False(members.Trusts(ActorRefs.NoSender!));
        Assert.False(members.Trusts(ActorRefs.Nobody));

        members.Remove(member.Path.Address);
        Assert.False(members.Trusts(member));
    }
}

public sealed class RefusalLogTests
{
    private static readonly IActorRef Flooder = new PathRef("akka.tcp://x@10.0.0.9:1/user/a");
    private static readonly IActorRef Other = new PathRef("akka.tcp://x@10.0.0.10:1/user/a");
    private readonly List<string> _lines = [];
    private long _now;

    private RefusalLog NewLog() => new((_, line) => _lines.Add(line), TimeSpan.FromSeconds(10), () => _now);

    private void AdvanceSeconds(double seconds) => _now += (long)(seconds * System.Diagnostics.Stopwatch.Frequency);

    [Fact]
    public void A_flood_is_counted_in_full_and_logged_once_per_sender_per_interval_with_the_count()
    {
        var log = NewLog();
        for (int i = 0; i < 1000; i++) log.Refuse(Flooder, "GetValue", "not yours");
        log.Refuse(Other, "GetValue", "not yours");
        Assert.Equal(1001, log.Refused);
        Assert.Equal(2, _lines.Count);
        Assert.Contains(Flooder.Path.ToString(), _lines[0]);

        AdvanceSeconds(9.9);
        log.Refuse(Flooder, "GetValue", "not yours");
        Assert.Equal(2, _lines.Count);
        AdvanceSeconds(0.2);
        log.Refuse(Flooder, "GetValue", "not yours");
        Assert.Equal(3, _lines.Count);
        Assert.Contains("1000 more refused", _lines[2]);
    }

    [Fact]
    public void Senders_beyond_the_bound_share_one_entry_so_forged_addresses_cannot_grow_it()
    {
        var log = NewLog();
        for (int i = 0; i < RefusalLog.MaxSenders + 500; i++)
            log.Refuse(new PathRef($"akka.tcp://x@10.1.{i / 250}.{i % 250}:1/user/a"), "GetValue", "not yours");
        Assert.Equal(RefusalLog.MaxSenders + 1, _lines.Count);  // one line each up to the bound, then one for all others
        Assert.Equal(RefusalLog.MaxSenders + 500, log.Refused);
    }

    [Fact]
    public void The_limits_must_leave_room_for_the_largest_message()
    {
        var config = ConfigurationFactory.ParseString("autograd.limits.buffered-bytes-per-sender = 1MiB").WithFallback(AutogradConfig.Default);
        Assert.Throws<ConfigurationException>(() => AccessLimits.From(config));
        Assert.Equal(16, AccessLimits.From(AutogradConfig.Default).TransfersPerSender);
    }

    [Fact]
    public void An_error_level_refusal_keeps_its_level()
    {
        var levels = new List<LogLevel>();
        var log = new RefusalLog((level, _) => levels.Add(level), TimeSpan.Zero);
        log.Refuse(Flooder, "a bulk transfer", "bad", LogLevel.ErrorLevel);
        log.Refuse(Flooder, "a bulk transfer", "bad");
        Assert.Equal([LogLevel.ErrorLevel, LogLevel.WarningLevel], levels);
    }
}
