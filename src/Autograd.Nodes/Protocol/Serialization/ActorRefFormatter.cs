using Akka.Actor;
using MessagePack;
using MessagePack.Formatters;

namespace Autograd.Protocol.Serialization;

/// <summary>
/// An actor ref as its serialized path (with the address of this member when the ref is
/// local), resolved on read through the receiving system's provider, as Akka's own serializers do.
/// </summary>
internal sealed class ActorRefFormatter(ExtendedActorSystem system) : IMessagePackFormatter<IActorRef?>
{
    public void Serialize(ref MessagePackWriter writer, IActorRef? value, MessagePackSerializerOptions options)
    {
        if (value is null) { writer.WriteNil(); return; }
        writer.Write(Akka.Serialization.Serialization.SerializedActorPath(value));
    }

    public IActorRef? Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (reader.TryReadNil()) return null;
        var path = reader.ReadString() ?? throw new MessagePackSerializationException("actor path is nil");
        return system.Provider.ResolveActorRef(path);
    }
}
