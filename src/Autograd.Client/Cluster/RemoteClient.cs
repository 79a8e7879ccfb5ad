using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Event;
using Autograd.Cluster;
using Autograd.Transport;

namespace Autograd.Client.Cluster;

/// <summary>
/// A client in another process: an ActorSystem with Akka.Remote only (not a cluster member, so
/// it never counts in membership, gossip or the split brain resolver, and hosts no nodes). It
/// asks a contact point for the compute members, then talks to their node hosts directly.
/// Members watch the client's link actor and free its sessions when it dies; the client watches
/// the members' hosts and fails its waits when one goes away.
/// </summary>
internal static class RemoteClient
{
    /// <summary>The actor members watch to know the client is alive.</summary>
    public const string LinkName = "autograd-client";

    /// <summary>How the client's TLS settings are spelled in error messages.</summary>
    private const string TlsPrefix = nameof(ClientOptions) + "." + nameof(ClientOptions.Tls) + ".";

    public static async Task<AutogradEngine> ConnectAsync(ClientOptions options)
    {
        if (options.ContactPoints.Count == 0)
            throw new ArgumentException("ClientOptions.ContactPoints lists no member address", nameof(options));
        if (options.Timeout <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(options), options.Timeout, "the timeout must be positive");
        var transport = options.Transport;
        var contacts = options.ContactPoints.Select(c => transport.ParseAddress(c, "contact point")).ToArray();
        var tls = transport.Setup(TlsPrefix);

        var config = ConfigurationFactory.ParseString("""
            akka.actor.provider = remote
            akka.loglevel = WARNING
            akka.log-dead-letters = off
            akka.log-dead-letters-during-shutdown = off
            akka.coordinated-shutdown.run-by-clr-shutdown-hook = off
            """)
            .WithFallback(transport.RemoteConfig())
            .WithFallback(AutogradConfig.Default);
        var bootstrap = BootstrapSetup.Create().WithConfig(config);
        var system = ActorSystem.Create("autograd-client",
            tls is null ? ActorSystemSetup.Create(bootstrap) : ActorSystemSetup.Create(bootstrap, tls));
        try
        {
            if (tls is null) system.Log.Warning(TransportSettings.PlainTextWarning);
            Wire.AutogradWire.Get(system);
            var link = system.ActorOf(Props.Empty, LinkName);
            var members = await AskContactsAsync(system, contacts, options.Timeout);
            return new AutogradEngine(system, members.Hosts, options.Timeout, ownsSystem: true)
            {
                MembersElsewhere = true,
                // To each host, before anything else of the session and with the session's sender: claims the session for this client.
                SessionOpened = s => TellHosts(s, new OpenSession(s.Id, link)),
                SessionClosed = s => TellHosts(s, new CloseSession(s.Id)),
                RefreshHosts = async () => (await AskContactsAsync(system, contacts, options.Timeout)).Hosts,
            };
        }
        catch
        {
            await system.Terminate();
            throw;
        }
    }

    private static async Task<ComputeMembers> AskContactsAsync(ActorSystem system, Address[] contacts, TimeSpan timeout)
    {
        var errors = new List<string>();
        var until = DateTime.UtcNow + timeout;
        foreach (var contact in contacts)
        {
            var left = until - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) break;
            try
            {
                var membership = system.ActorSelection(new RootActorPath(contact) / "user" / MembershipActor.Name);
                var members = await membership.Ask<ComputeMembers>(new GetComputeMembers(), left / (contacts.Length > 1 ? 2 : 1));
                if (members.Hosts.Length > 0) return members;
                errors.Add($"{contact}: no compute member is up");
            }
            catch (AskTimeoutException)
            {
                errors.Add($"{contact}: no answer");
            }
        }
        throw new TimeoutException(
            $"could not reach the cluster within {timeout.TotalSeconds:0.#} s: {string.Join("; ", errors)}" +
            " (with TLS, a member refuses a certificate that is not from its CA: see its log)");
    }

    private static void TellHosts(Session session, object message)
    {
        foreach (var host in session.Hosts) host.Tell(message, session.Sender);
    }
}
