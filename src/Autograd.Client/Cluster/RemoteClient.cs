using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Event;
using Akka.Remote;
using Autograd.Cluster;
using Autograd.Protocol;
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
        var logs = new Logs.AkkaLogSetup(options.LoggerFactory);

        var config = ConfigurationFactory.ParseString("""
            akka.actor.provider = remote
            akka.log-dead-letters = off
            akka.log-dead-letters-during-shutdown = off
            akka.coordinated-shutdown.run-by-clr-shutdown-hook = off
            """)
            .WithFallback(logs.Config())
            .WithFallback(transport.RemoteConfig())
            .WithFallback(AutogradConfig.Default);
        var system = ActorSystem.Create("autograd-client", tls is null ? AutogradEngine.Setup(config, logs) : AutogradEngine.Setup(config, logs, tls));
        try
        {
            if (tls is null) system.Log.Warning(TransportSettings.PlainTextWarning);
            Wire.AutogradWire.Get(system);
            var link = system.ActorOf(Props.Empty, LinkName);
            var members = await AskContactsAsync(system, contacts, options.Timeout);
            return new AutogradEngine(system, members, options.Timeout, ownsSystem: true)
            {
                MembersElsewhere = true,
                // To each host, before anything else of the session and with the session's sender: claims the session for this client.
                SessionOpened = s => TellHosts(s, new OpenSession(s.Id, link)),
                SessionClosed = s => TellHosts(s, new CloseSession(s.Id)),
                RefreshHosts = () => AskContactsAsync(system, contacts, options.Timeout),
                Closing = SettleAsync,
            };
        }
        catch
        {
            await system.Terminate();
            throw;
        }
    }

    /// <summary>
    /// Asks every contact point at once for the compute members; the first to answer with some wins.
    /// A contact point that refuses the connection (nothing listens there, a TLS handshake fails) is
    /// out as soon as Akka reports the failed association, not at the deadline, so a dead contact point
    /// costs nothing when another answers, and a cluster that is not there fails in about a second.
    /// </summary>
    internal static async Task<ComputeMembers> AskContactsAsync(ActorSystem system, Address[] contacts, TimeSpan timeout)
    {
        var refusals = contacts.Distinct().ToDictionary(c => c, _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously));
        var listener = system.ActorOf(Props.Create(() => new AssociationFailures(refusals)));
        system.EventStream.Subscribe(listener, typeof(AssociationErrorEvent));
        using var answered = new CancellationTokenSource();
        try
        {
            var asks = refusals.Select(r => AskContactAsync(system, r.Key, r.Value.Task, timeout, answered.Token)).ToList();
            var errors = new List<string>();
            while (asks.Count > 0)
            {
                var done = await Task.WhenAny(asks);
                asks.Remove(done);
                var (members, error) = await done;
                if (members is not null) return members;
                errors.Add(error);
            }
            throw new AutogradException($"could not reach the cluster: {string.Join("; ", errors)}");
        }
        finally
        {
            answered.Cancel();
            system.EventStream.Unsubscribe(listener);
            system.Stop(listener);
        }
    }

    private static async Task<(ComputeMembers? Members, string Error)> AskContactAsync(
        ActorSystem system, Address contact, Task<string> refused, TimeSpan timeout, CancellationToken cancel)
    {
        var membership = system.ActorSelection(new RootActorPath(contact) / "user" / MembershipActor.Name);
        var ask = membership.Ask<ComputeMembers>(new GetComputeMembers(), timeout, cancel);
        if (await Task.WhenAny(ask, refused) == refused) return (null, $"{contact}: {refused.Result}");
        try
        {
            var members = await ask;
            return members.Hosts.Length > 0 ? (members, "") : (null, $"{contact}: no compute member is up");
        }
        catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
        {
            return (null, $"{contact}: no answer within {timeout.TotalSeconds:0.#} s" +
                (contact.Protocol == "akka.ssl.tcp" ? " (a member refuses a certificate that is not from its CA: see its log)" : ""));
        }
    }

    /// <summary>Completes a contact point's refusal when Akka reports that associating with it failed.</summary>
    private sealed class AssociationFailures : ReceiveActor
    {
        public AssociationFailures(IReadOnlyDictionary<Address, TaskCompletionSource<string>> refusals) =>
            Receive<AssociationErrorEvent>(e =>
            {
                if (refusals.TryGetValue(e.RemoteAddress, out var refused)) refused.TrySetResult(Describe(e.Cause));
            });

        private static string Describe(Exception? cause)
        {
            var text = cause?.InnerException?.Message is { Length: > 0 } inner ? $"{cause.Message} ({inner})" : cause?.Message ?? "";
            return text.Contains("connection refused", StringComparison.OrdinalIgnoreCase)
                ? "connection refused (is a member running there?)"
                : $"the connection failed ({text}); a member refuses a certificate that is not from its CA, and plain text " +
                  "when it runs TLS (or TLS when it runs plain): see its log";
        }
    }

    /// <summary>
    /// Before the client's system stops: one round trip to each member it places on, so no connection
    /// is cut halfway through its TLS handshake (the client starts watching every member as it connects,
    /// and a member logs a handshake cut short as an error). Bounded by <see cref="SettleBound"/>.
    /// </summary>
    private static Task SettleAsync(AutogradEngine engine) =>
        Task.WhenAll(engine.Hosts.Select(h => h.Ask<HostStats>(new GetHostStats(), SettleBound).ContinueWith(_ => { }, TaskScheduler.Default)));

    private static readonly TimeSpan SettleBound = TimeSpan.FromSeconds(2);

    private static void TellHosts(Session session, object message)
    {
        foreach (var host in session.Hosts) host.Tell(message, session.Sender);
    }
}
