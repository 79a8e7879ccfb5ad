using Akka.Actor;
using Akka.Configuration;
using Autograd.Cluster;
using Autograd.Transport;

namespace Autograd.Host.Tests.Transport;

/// <summary>
/// What an outsider that can associate with a member (a default Akka.NET system: JSON fallback,
/// remote deployment, selections) can still do to it. The member runs the configuration members
/// run (plain TCP here: TLS decides who associates, these settings what an associated peer may do).
/// Each case also runs against a member with the one protection under test turned off, so the test
/// shows it would notice the protection missing.
/// </summary>
public class LockdownTests : Akka.TestKit.Xunit2.TestKit
{
    /// <summary>How long an outsider's message is given to show an effect it must not have.</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1.5);

    // A bound for what must happen, generous: three test assemblies share two cores under CI.
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    public LockdownTests() : base(ConfigurationFactory.ParseString("""
        akka.actor.provider = remote
        akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
        """)) { }

    private readonly List<ActorSystem> _members = [];

    protected override void AfterAll()
    {
        foreach (var member in _members) member.Terminate().Wait(Deadline);
        base.AfterAll();
    }

    /// <summary>A compute member with the members' configuration, <paramref name="weakened"/> on top.</summary>
    private (ActorSystem System, Address Address) StartMember(string weakened = "")
    {
        var config = ConfigurationFactory.ParseString(weakened)
            .WithFallback(TransportSettings.Default.ClusterConfig([MemberRoles.Compute], []))
            .WithFallback(AutogradConfig.Default);
        var system = ActorSystem.Create("autograd", config);
        _members.Add(system);
        MemberActors.Start(system);
        return (system, ((ExtendedActorSystem)system).Provider.DefaultAddress);
    }

    /// <summary>An actor of the member as the outsider addresses it, by path, without asking anyone.</summary>
    private IActorRef RemoteRef(Address member, string path) =>
        ((ExtendedActorSystem)Sys).Provider.ResolveActorRef(new RootActorPath(member) / path.Split('/', StringSplitOptions.RemoveEmptyEntries));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Remote_deployment_onto_a_member_is_refused(bool untrusted)
    {
        var (_, address) = StartMember(untrusted ? "" : "akka.remote.untrusted-mode = off");

        Sys.ActorOf(Props.Create(() => new Reporter(TestActor)).WithDeploy(Deploy.None.WithScope(new RemoteScope(address))));

        if (untrusted) await ExpectNoMsgAsync(Quiet);
        else Assert.Equal($"created on {address}", await ExpectMsgAsync<string>(Deadline));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task PoisonPill_from_outside_by_selection_or_reference_stops_no_member_actor(bool untrusted)
    {
        var (member, address) = StartMember(untrusted ? "" : "akka.remote.untrusted-mode = off");
        // Watched inside the member's own system: a stop is seen for certain, with no remote watch to miss it.
        var watcher = CreateTestProbe(member);
        watcher.Watch(await member.ActorSelection("/user/" + AutogradConfig.NodeHostName).ResolveOne(Deadline));
        watcher.Watch(await member.ActorSelection("/user/" + MembershipActor.Name).ResolveOne(Deadline));

        Sys.ActorSelection(new RootActorPath(address) / "user" / AutogradConfig.NodeHostName).Tell(PoisonPill.Instance);
        // A trusted path, but a possibly harmful message: still dropped.
        Sys.ActorSelection(new RootActorPath(address) / "user" / MembershipActor.Name).Tell(PoisonPill.Instance);

        if (untrusted)
        {
            await watcher.ExpectNoMsgAsync(Quiet);
            RemoteRef(address, "/user/" + AutogradConfig.NodeHostName).Tell(PoisonPill.Instance);
            RemoteRef(address, "/user/" + MembershipActor.Name).Tell(PoisonPill.Instance);
            await watcher.ExpectNoMsgAsync(Quiet);
        }
        else
            Assert.Equal(2, (await watcher.ReceiveNAsync(2, Deadline).ToListAsync()).OfType<Terminated>().Count());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Node_actors_cannot_be_listed_by_selection_from_outside(bool untrusted)
    {
        var (_, address) = StartMember(untrusted ? "" : "akka.remote.untrusted-mode = off");

        Sys.ActorSelection(new RootActorPath(address) / "user" / AutogradConfig.NodeHostName).Tell(new Identify(1));

        if (untrusted) await ExpectNoMsgAsync(Quiet);
        else Assert.NotNull((await ExpectMsgAsync<ActorIdentity>(Deadline)).Subject);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_unregistered_message_type_sent_from_outside_never_reaches_an_actor(bool refusing)
    {
        var (member, _) = StartMember(refusing ? "" : "akka.actor.serializers.json = \"Akka.Serialization.NewtonSoftJsonSerializer, Akka\"");
        var outsider = ((ExtendedActorSystem)Sys).Provider.DefaultAddress;
        var reportTo = ((ExtendedActorSystem)member).Provider.ResolveActorRef(TestActor.Path.ToStringWithAddress(outsider));
        var recorder = member.ActorOf(Props.Create(() => new Recorder(reportTo)), "recorder");
        var target = RemoteRef(((ExtendedActorSystem)member).Provider.DefaultAddress, "/user/recorder");

        target.Tell("a string");   // a type Akka registers (its primitive serializer): delivered either way
        Assert.Equal("got String", await ExpectMsgAsync<string>(Deadline));
        target.Tell(new Unregistered("sent by type name"));

        if (refusing) await ExpectNoMsgAsync(Quiet);
        else Assert.Equal("got Unregistered", await ExpectMsgAsync<string>(Deadline));
        Assert.NotNull(recorder);
    }

    /// <summary>A type no serializer is bound to: a default system sends it as JSON with its type name.</summary>
    public sealed record Unregistered(string Text);

    private sealed class Reporter : ReceiveActor
    {
        public Reporter(IActorRef report) => report.Tell($"created on {((ExtendedActorSystem)Context.System).Provider.DefaultAddress}");
    }

    private sealed class Recorder : ReceiveActor
    {
        public Recorder(IActorRef report) => ReceiveAny(m => report.Tell($"got {m.GetType().Name}"));
    }
}
