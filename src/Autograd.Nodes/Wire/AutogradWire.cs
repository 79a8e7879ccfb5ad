using System.Net;
using Akka.Actor;
using Akka.Event;
using Autograd.Access;
using Autograd.Protocol;
using Autograd.Protocol.Serialization;

namespace Autograd.Wire;

/// <summary>
/// Sends protocol messages between actor systems. A message whose tensors exceed
/// <see cref="WireSettings.InlineBytes"/> and whose target is in another system travels on the bulk
/// path: its large tensors are not serialized into it; the actor message (a <see cref="BulkOffer"/>
/// to the receiving system's <see cref="BulkReceiver"/>) carries the rest and a handle, and the
/// receiver pulls the tensors' bytes over a TCP connection of its own to this system's
/// <see cref="BulkServer"/>, beside Akka.Remote's connection, so a large transfer never delays
/// heartbeats. Local targets and small messages go as a plain <c>Tell</c>. One per ActorSystem (an
/// Akka extension, loaded at start through <c>akka.extensions</c> so every member and client can
/// receive before it ever sends).
/// </summary>
/// <remarks>
/// A message on the bulk path reaches its target later than a plain message sent after it by the
/// same sender could (a round trip and the bytes later): the protocol must not rely on ordering
/// between a large message and the next one to the same target.
/// </remarks>
public sealed class AutogradWire : IExtension
{
    /// <summary>The receiver's name under <c>/system</c>.</summary>
    public const string ReceiverName = "autograd-wire";

    private readonly ExtendedActorSystem _system;
    private readonly BulkServer? _server;
    private readonly SessionAccess _access;
    private readonly List<MemberAddresses> _alsoTrusted = [];
    private readonly Dictionary<Address, IActorRef> _receivers = new();

    public AutogradWire(ExtendedActorSystem system)
    {
        _system = system;
        Settings = WireSettings.From(system.Settings.Config);
        _access = SessionAccess.Get(system);
        // Null in a system without AutogradConfig's serializer binding (some tests): it sends everything inline.
        Serializer = system.Serialization.FindSerializerForType(typeof(InputValue)) as AutogradSerializer;
        var log = Logging.GetLogger(system, "autograd.wire");
        Streams = BulkStreams.For(system, log);
        // Only a system with remoting has anyone to send to; little-endian only (tensors stream as they lie in memory).
        if (system.Provider is Akka.Remote.RemoteActorRefProvider && BitConverter.IsLittleEndian && Serializer is not null)
        {
            _server = new BulkServer(BindAddress(system), Settings, Streams, Outgoing, ExpectsConnectionFrom, _access.Refusals, log);
            system.RegisterOnTermination(_server.Dispose);
        }
        system.SystemActorOf(BulkReceiver.Props(this, _access), ReceiverName);
    }

    public WireSettings Settings { get; }

    internal BulkStreams Streams { get; }

    internal AutogradSerializer? Serializer { get; }

    /// <summary>What this system offered and no receiver has finished pulling.</summary>
    internal OutgoingTransfers Outgoing { get; } = new();

    /// <summary>This system's bulk port (0 without remoting).</summary>
    public int Port => _server?.Port ?? 0;

    public static AutogradWire Get(ActorSystem system) => system.WithExtension<AutogradWire, AutogradWireProvider>();

    /// <summary>Sends <paramref name="message"/> to <paramref name="target"/> as from <paramref name="sender"/>.</summary>
    public void Tell(IActorRef target, object message, IActorRef? sender)
    {
        if (_server is null || !target.Path.Address.HasGlobalScope || WireSize.TensorBytes(message) <= Settings.InlineBytes)
        {
            target.Tell(message, sender ?? ActorRefs.NoSender);
            return;
        }
        Offer(target, message, sender);
    }

    private void Offer(IActorRef target, object message, IActorRef? sender)
    {
        var header = Serializer!.ToBinary(message, WireSettings.MinSlotBytes, out var slots);
        bool inlineHeader = header.Length <= Settings.InlineBytes;
        if (slots.Count == 0 && inlineHeader)
        {
            target.Tell(message, sender ?? ActorRefs.NoSender);  // many small tensors: they fit a frame after all
            return;
        }
        long total = header.Length + slots.Sum(s => (long)s.Count * sizeof(float));
        if (total > Settings.MaxMessageBytes)
            throw new ArgumentException(
                $"{message.GetType().Name} is {total} bytes, over autograd.wire.max-message-size ({Settings.MaxMessageBytes})");
        List<ReadOnlyMemory<byte>> parts = inlineHeader ? [] : [header];
        parts.AddRange(slots.Select(s => (ReadOnlyMemory<byte>)FloatBytes.Of(s.Elements)).Where(p => p.Length > 0));
        var id = Guid.NewGuid();
        Outgoing.Add(new Outgoing(id, target.Path.Address, parts));
        var offer = new BulkOffer(id, target, Serializer.Manifest(message), inlineHeader ? header : [], inlineHeader ? 0 : header.Length,
            [.. slots.Select(s => s.Count)], _server!.Port, SessionOf(message));
        ReceiverAt(target.Path.Address).Tell(offer, sender ?? ActorRefs.NoSender);
    }

    private IActorRef ReceiverAt(Address address)
    {
        lock (_receivers)
        {
            if (!_receivers.TryGetValue(address, out var receiver))
                _receivers.Add(address, receiver = _system.Provider.ResolveActorRef(new RootActorPath(address) / "system" / ReceiverName));
            return receiver;
        }
    }

    /// <summary>The session a message names (empty when none): an offer states it, the receiver checks it.</summary>
    internal static Guid SessionOf(object message) => message switch
    {
        INodeMessage m => m.Node.Session,
        BackwardPlan m => m.Session,
        IHostRequest m => m.Session,
        _ => Guid.Empty,
    };

    /// <summary>
    /// The engine's members, trusted as senders here besides the cluster's (a remote client is not a
    /// cluster member, so only its engine knows who the members are).
    /// </summary>
    internal void TrustAlso(MemberAddresses members)
    {
        lock (_alsoTrusted) _alsoTrusted.Add(members);
    }

    /// <summary>A member, an actor of this system, or a member an engine of this system knows.</summary>
    internal bool Trusts(IActorRef sender)
    {
        if (_access.Members.Trusts(sender)) return true;
        lock (_alsoTrusted) return _alsoTrusted.Exists(m => m.Trusts(sender));
    }

    /// <summary>Who may open a bulk connection here: a member, or a system this one offered something to.</summary>
    private bool ExpectsConnectionFrom(Address address)
    {
        if (_access.Members.Contains(address) || Outgoing.AnyFor(address)) return true;
        lock (_alsoTrusted) return _alsoTrusted.Exists(m => m.Contains(address));
    }

    /// <summary>The receiver's periodic sweep also drops this side's offers and connections that went idle.</summary>
    internal void SweepSender()
    {
        foreach (var dropped in Outgoing.DropIdle(Settings.IdleTimeout))
            _access.Refusals.Refuse(dropped.Receiver, null, "a bulk transfer",
                $"transfer {dropped.Id} offered to {dropped.Receiver} was not pulled within {Settings.IdleTimeout.TotalSeconds:0.#} s; dropped");
        _server?.CloseIdle();
    }

    /// <summary>The remoting host name's address: the bulk port listens where Akka.Remote does.</summary>
    private static IPAddress BindAddress(ExtendedActorSystem system)
    {
        var host = system.Settings.Config.GetString("akka.remote.dot-netty.tcp.hostname", "");
        if (string.IsNullOrWhiteSpace(host)) host = system.Provider.DefaultAddress.Host ?? "127.0.0.1";
        if (IPAddress.TryParse(host, out var address)) return address;
        return Dns.GetHostAddresses(host).OrderBy(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 0 : 1).First();
    }
}

public sealed class AutogradWireProvider : ExtensionIdProvider<AutogradWire>
{
    public override AutogradWire CreateExtension(ExtendedActorSystem system) => new(system);
}
