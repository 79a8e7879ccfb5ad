using Akka.Actor;
using Akka.Event;
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
    private long _bytesRead;
    private long _messagesRead;
    private const string WireChunkManifest = "wc";

    /// <summary>
    /// Bytes of protocol messages this system deserialized: with serialize-messages off, what
    /// crossed the network into it (message bodies, without Akka's envelope). For benchmarks.
    /// </summary>
    public long BytesRead => Interlocked.Read(ref _bytesRead);

    /// <summary>Protocol messages this system deserialized (a chunked one counted once, whole). For benchmarks.</summary>
    public long MessagesRead => Interlocked.Read(ref _messagesRead);

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

    /// <summary>
    /// Bytes from the network: anything that is not exactly a registered message (unknown
    /// manifest, truncated or malformed bytes, a length prefix larger than the bytes, a
    /// tensor whose data does not match its shape) is logged as an error and rejected with a
    /// <see cref="System.Runtime.Serialization.SerializationException"/>, which Akka.Remote
    /// treats as a dropped message: the association and the member keep serving.
    /// </summary>
    public override object FromBinary(byte[] bytes, string manifest)
    {
        // Chunks are counted once, as the whole message they reassemble into.
        if (manifest != WireChunkManifest)
        {
            Interlocked.Add(ref _bytesRead, bytes.Length);
            Interlocked.Increment(ref _messagesRead);
        }
        if (!ProtocolManifests.ByManifest.TryGetValue(manifest, out var type))
            throw Reject(manifest, bytes, "unknown autograd message manifest", null);
        try
        {
            return MessagePackSerializer.Deserialize(type, bytes, _options)
                   ?? throw Reject(manifest, bytes, "deserialized to null", null);
        }
        catch (Exception e) when (e is not System.Runtime.Serialization.SerializationException)
        {
            throw Reject(manifest, bytes, "malformed message", e);
        }
    }

    private System.Runtime.Serialization.SerializationException Reject(string manifest, byte[] bytes, string what, Exception? cause)
    {
        var message = $"{what} '{manifest}' ({bytes.Length} bytes){(cause is null ? "" : ": " + cause.GetBaseException().Message)}";
        Logging.GetLogger(system, typeof(AutogradSerializer)).Error(cause, "rejected incoming bytes: {0}", message);
        return new System.Runtime.Serialization.SerializationException(message, cause);
    }
}
