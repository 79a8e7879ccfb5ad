using Akka.Actor;
using Akka.Serialization;
using MessagePack;
using MessagePack.Resolvers;

namespace Autograd.Protocol.Serialization;

/// <summary>
/// The Akka serializer for every <see cref="IAutogradMessage"/>: MessagePack contracts with a
/// short string manifest per type. Reads treat the bytes as untrusted; the resolver is our
/// formatters (tensor, node id, actor ref) over the standard one — never the Typeless resolvers,
/// so a frame can only ever produce the types listed in <see cref="ProtocolManifests"/>.
/// </summary>
public sealed class AutogradSerializer : SerializerWithStringManifest
{
    /// <summary>Fixed so every member agrees; also set in <see cref="AutogradConfig"/>.</summary>
    public const int SerializerId = 3602;

    private readonly MessagePackSerializerOptions _options;

    public AutogradSerializer(ExtendedActorSystem system) : base(system)
    {
        var resolver = CompositeResolver.Create(
            [TensorFormatter.Instance, NodeIdFormatter.Instance, new ActorRefFormatter(system)],
            [StandardResolver.Instance]);
        _options = MessagePackSerializerOptions.Standard
            .WithResolver(resolver)
            .WithSecurity(MessagePackSecurity.UntrustedData);
    }

    public override int Identifier => SerializerId;

    public override string Manifest(object o) =>
        ProtocolManifests.ByType.TryGetValue(o.GetType(), out var manifest)
            ? manifest
            : throw new ArgumentException($"{o.GetType().FullName} is not a registered autograd message; add it to ProtocolManifests");

    public override byte[] ToBinary(object obj) => MessagePackSerializer.Serialize(obj.GetType(), obj, _options);

    public override object FromBinary(byte[] bytes, string manifest) =>
        ProtocolManifests.ByManifest.TryGetValue(manifest, out var type)
            ? MessagePackSerializer.Deserialize(type, bytes, _options)
              ?? throw new System.Runtime.Serialization.SerializationException($"message '{manifest}' deserialized to null")
            : throw new System.Runtime.Serialization.SerializationException($"unknown autograd message manifest '{manifest}'");
}
