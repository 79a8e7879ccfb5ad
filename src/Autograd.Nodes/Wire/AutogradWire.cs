using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Serialization;
using Autograd.Protocol.Serialization;

namespace Autograd.Wire;

/// <summary>
/// Sends protocol messages between members, splitting those whose tensors exceed one chunk
/// into <see cref="WireChunk"/>s for the receiving system's <see cref="ChunkAssembler"/>.
/// Local targets and small messages go as a plain <c>Tell</c>. One per ActorSystem (an Akka
/// extension, loaded at start through <c>akka.extensions</c> so every member and client can
/// receive chunks before it ever sends one).
/// </summary>
/// <remarks>
/// A chunked message reaches its target through the assembler, one hop later than a plain
/// message sent after it by the same sender could: the protocol must not rely on ordering
/// between a large message and the next one to the same target.
/// </remarks>
public sealed class AutogradWire : IExtension
{
    /// <summary>The assembler's name under <c>/system</c>.</summary>
    public const string AssemblerName = "autograd-wire";

    private readonly ExtendedActorSystem _system;
    private readonly ConcurrentDictionary<Address, IActorRef> _assemblers = new();

    public AutogradWire(ExtendedActorSystem system)
    {
        _system = system;
        Settings = WireSettings.From(system.Settings.Config);
        system.SystemActorOf(ChunkAssembler.Props(Settings, Access.SessionAccess.Get(system)), AssemblerName);
    }

    public WireSettings Settings { get; }

    public static AutogradWire Get(ActorSystem system) => system.WithExtension<AutogradWire, AutogradWireProvider>();

    /// <summary>Sends <paramref name="message"/> to <paramref name="target"/> as from <paramref name="sender"/>.</summary>
    public void Tell(IActorRef target, object message, IActorRef? sender)
    {
        if (!target.Path.Address.HasGlobalScope || WireSize.TensorBytes(message) <= Settings.ChunkSize)
        {
            target.Tell(message, sender ?? ActorRefs.NoSender);
            return;
        }
        SendInChunks(target, message, sender);
    }

    private void SendInChunks(IActorRef target, object message, IActorRef? sender)
    {
        var serializer = (SerializerWithStringManifest)_system.Serialization.FindSerializerFor(message);
        var manifest = serializer.Manifest(message);
        var bytes = serializer.ToBinary(message);
        if (bytes.Length > Settings.MaxMessageBytes)
            throw new ArgumentException(
                $"{message.GetType().Name} serializes to {bytes.Length} bytes, over autograd.wire.max-message-size ({Settings.MaxMessageBytes})");
        var assembler = _assemblers.GetOrAdd(target.Path.Address, address =>
            _system.Provider.ResolveActorRef(new RootActorPath(address) / "system" / AssemblerName));
        var transfer = Guid.NewGuid();
        for (long offset = 0; offset < bytes.Length; offset += Settings.ChunkSize)
        {
            var part = bytes.AsSpan((int)offset, (int)Math.Min(Settings.ChunkSize, bytes.Length - offset)).ToArray();
            // The chunks' sender is the message's: the receiving assembler delivers as from it, and bounds what each sender may hold.
            assembler.Tell(new WireChunk(transfer, offset, bytes.Length, manifest, target, sender, part), sender ?? ActorRefs.NoSender);
        }
    }

    /// <summary>Deserializes reassembled bytes with the protocol's serializer.</summary>
    internal object Deserialize(byte[] bytes, string manifest) =>
        _system.Serialization.Deserialize(bytes, AutogradSerializer.SerializerId, manifest);
}

public sealed class AutogradWireProvider : ExtensionIdProvider<AutogradWire>
{
    public override AutogradWire CreateExtension(ExtendedActorSystem system) => new(system);
}
