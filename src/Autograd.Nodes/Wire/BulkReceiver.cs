using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Autograd.Access;

namespace Autograd.Wire;

/// <summary>
/// The receiving half of the bulk path, one per ActorSystem at <c>/system/autograd-wire</c>: takes
/// <see cref="BulkOffer"/>s (checked by <see cref="OfferAdmission"/> before anything is allocated),
/// allocates each transfer's buffers once, pulls the bytes over a <see cref="PullConnection"/> to the
/// offer's sender (one per sender, opened on demand), then deserializes the message around the
/// arrived tensors and delivers it to its target as from the offer's sender. A transfer without
/// progress for <see cref="WireSettings.IdleTimeout"/> is dropped and its buffers freed; so is one
/// whose connection fails. Refusals and drops are counted and logged (at most once per sender per interval).
/// </summary>
internal sealed class BulkReceiver : ReceiveActor, IWithTimers
{
    private sealed record Arrived(Guid Transfer) : INoSerializationVerificationNeeded;

    private sealed record Failed(Guid Transfer, string Reason) : INoSerializationVerificationNeeded;

    private sealed record Sweep : INoSerializationVerificationNeeded
    {
        public static readonly Sweep Instance = new();
    }

    /// <summary>Local only: what the receiver holds now (diagnostics, tests).</summary>
    public sealed record GetStats : INoSerializationVerificationNeeded
    {
        public static readonly GetStats Instance = new();
    }

    /// <param name="Transfers">Accepted transfers not delivered or dropped yet.</param>
    /// <param name="HeldBytes">Their buffers.</param>
    /// <param name="Senders">Systems they come from.</param>
    /// <param name="Offered">Transfers this system offered that no one has finished pulling.</param>
    public sealed record Stats(int Transfers, long HeldBytes, int Senders, int Offered) : INoSerializationVerificationNeeded;

    private readonly AutogradWire _wire;
    private readonly OfferAdmission _admission;
    private readonly RefusalLog _refusals;
    private readonly Address _self;
    private readonly Dictionary<Guid, (IncomingTransfer Transfer, PullConnection Connection)> _incoming = new();
    private readonly Dictionary<(Address Sender, int Port), PullConnection> _connections = new();

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(AutogradWire wire, SessionAccess access) => Akka.Actor.Props.Create(() => new BulkReceiver(wire, access));

    public BulkReceiver(AutogradWire wire, SessionAccess access)
    {
        _wire = wire;
        _refusals = access.Refusals;
        _self = ((ExtendedActorSystem)Context.System).Provider.DefaultAddress;
        _admission = new OfferAdmission(wire.Settings, access.Limits, wire.Trusts, access.OwnerOf, () => access.HostsNodes);
        Receive<BulkOffer>(Accept);
        Receive<Arrived>(a => Deliver(a.Transfer));
        Receive<Failed>(f => Drop(f.Transfer, f.Reason));
        Receive<Sweep>(_ => SweepIdle());
        Receive<GetStats>(_ => Sender.Tell(new Stats(_admission.Transfers, _admission.Bytes, _admission.Senders, wire.Outgoing.Count)));
    }

    protected override void PreStart()
    {
        var every = TimeSpan.FromTicks(Math.Max(_wire.Settings.IdleTimeout.Ticks / 4, TimeSpan.FromMilliseconds(50).Ticks));
        Timers.StartPeriodicTimer("sweep", Sweep.Instance, every);
    }

    protected override void PostStop()
    {
        foreach (var connection in _connections.Values) connection.Dispose();
    }

    private void Accept(BulkOffer offer)
    {
        var sender = Sender;
        var problem = _incoming.ContainsKey(offer.Transfer) ? "announced twice" : _admission.Problem(offer, sender);
        if (problem is not null)
        {
            _refusals.Refuse(sender, "a bulk transfer", $"transfer {offer.Transfer} of '{offer.Manifest}': {problem}");
            return;
        }
        IncomingTransfer transfer;
        try
        {
            transfer = new IncomingTransfer(offer, sender, _wire.Settings.Window);
        }
        catch (OutOfMemoryException)
        {
            _refusals.Refuse(sender, "a bulk transfer", $"transfer {offer.Transfer} of {offer.BulkBytes} bytes: out of memory", LogLevel.ErrorLevel);
            return;
        }
        var connection = ConnectionTo(sender.Path.Address, offer.Port);
        _incoming.Add(offer.Transfer, (transfer, connection));
        _admission.Hold(sender.Path.Address, transfer.Total);
        var self = Self;
        var id = offer.Transfer;
        connection.Pull(transfer);
        transfer.Done.Task.ContinueWith(t => self.Tell(t.IsCompletedSuccessfully
            ? new Arrived(id)
            : new Failed(id, t.Exception?.GetBaseException().Message ?? "cancelled")), TaskScheduler.Default);
    }

    /// <summary>The connection to the offer's sender: on the host of the system that sent the offer, never a host an offer names.</summary>
    private PullConnection ConnectionTo(Address sender, int port)
    {
        if (_connections.TryGetValue((sender, port), out var connection) && connection.Failure is null) return connection;
        connection?.Dispose();
        connection = new PullConnection(sender.Host ?? "127.0.0.1", port, _self, _wire.Streams, _wire.Settings, Context.GetLogger());
        _connections[(sender, port)] = connection;
        return connection;
    }

    private void Deliver(Guid id)
    {
        if (!Forget(id, out var transfer)) return;
        var offer = transfer.Offer;
        object message;
        try
        {
            message = _wire.Serializer!.FromBinary(transfer.Header, offer.Manifest, transfer.Slots);
        }
        catch (Exception e)
        {
            _refusals.Refuse(transfer.Sender, "a bulk transfer", $"'{offer.Manifest}' of {transfer.Total} bytes for {offer.Target} does not deserialize: {e.Message}",
                LogLevel.ErrorLevel);
            return;
        }
        if (AutogradWire.SessionOf(message) != offer.Session)
        {
            _refusals.Refuse(transfer.Sender, "a bulk transfer", $"'{offer.Manifest}' names another session than its offer", LogLevel.ErrorLevel);
            return;
        }
        offer.Target.Tell(message, transfer.Sender);
    }

    private void Drop(Guid id, string reason)
    {
        if (!Forget(id, out var transfer)) return;
        _refusals.Refuse(transfer.Sender, "a bulk transfer",
            $"transfer {id} of '{transfer.Offer.Manifest}' for {transfer.Offer.Target} dropped after {transfer.Credit.Received} of {transfer.Total} bytes: {reason}",
            LogLevel.ErrorLevel);
    }

    private bool Forget(Guid id, out IncomingTransfer transfer)
    {
        if (!_incoming.Remove(id, out var entry))
        {
            transfer = null!;
            return false;
        }
        transfer = entry.Transfer;
        _admission.Release(transfer.Sender.Path.Address, transfer.Total);
        return true;
    }

    private void SweepIdle()
    {
        long idle = (long)(_wire.Settings.IdleTimeout.TotalSeconds * Stopwatch.Frequency);
        long now = Stopwatch.GetTimestamp();
        var reason = $"no progress within {_wire.Settings.IdleTimeout.TotalSeconds:0.#} s (autograd.wire.idle-timeout)";
        foreach (var (id, (transfer, connection)) in _incoming.Where(e => now - e.Value.Transfer.LastProgress > idle).ToList())
        {
            connection.Abort(id, reason);
            Drop(id, reason);
        }
        // A connection that failed, or carried nothing for twice the idle timeout, is closed (reopened on
        // demand) once no transfer here still refers to it.
        foreach (var (key, connection) in _connections.ToList())
        {
            bool done = connection.Failure is not null || connection.Transfers == 0 && now - connection.LastActivity > 2 * idle;
            if (done && !_incoming.Values.Any(e => ReferenceEquals(e.Connection, connection)))
            {
                connection.Dispose();
                _connections.Remove(key);
            }
        }
        _wire.SweepSender();
    }
}
