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
    private const string BulkOfferManifest = "bo";

    /// <summary>
    /// Bytes of protocol messages this system deserialized: with serialize-messages off, what
    /// crossed the network into it (message bodies, without Akka's envelope). For benchmarks.
    /// </summary>
    public long BytesRead => Interlocked.Read(ref _bytesRead);

    /// <summary>Protocol messages this system deserialized (one that came on the bulk path counted once, whole). For benchmarks.</summary>
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
    /// For the bulk path: <paramref name="message"/> without its tensors of at least
    /// <paramref name="minSlotBytes"/>, which are returned in slot order to travel beside it.
    /// </summary>
    internal byte[] ToBinary(object message, long minSlotBytes, out List<Tensor> slots)
    {
        var bulk = BulkTensors.ForWriting(_options, minSlotBytes);
        var bytes = MessagePackSerializer.Serialize(message.GetType(), message, bulk);
        slots = bulk.Extracted;
        return bytes;
    }

    /// <summary>
    /// A message that came on the bulk path: <paramref name="bytes"/> as written by
    /// <see cref="ToBinary(object, long, out List{Tensor})"/>, its tensors' elements in
    /// <paramref name="slots"/> (each wrapped without a copy). Refused like any other bytes when
    /// malformed, and when a slot that arrived is not used exactly once.
    /// </summary>
    internal object FromBinary(byte[] bytes, string manifest, float[][] slots)
    {
        if (manifest == BulkOfferManifest || !ProtocolManifests.ByManifest.TryGetValue(manifest, out var type))
            throw Reject(manifest, bytes, "not a message the bulk path carries", null);
        Interlocked.Add(ref _bytesRead, bytes.Length + slots.Sum(s => (long)s.Length * sizeof(float)));
        Interlocked.Increment(ref _messagesRead);
        var bulk = BulkTensors.ForReading(_options, slots);
        object message;
        try
        {
            message = MessagePackSerializer.Deserialize(type, bytes, bulk) ?? throw Reject(manifest, bytes, "deserialized to null", null);
        }
        catch (Exception e) when (e is not System.Runtime.Serialization.SerializationException)
        {
            throw Reject(manifest, bytes, "malformed message", e);
        }
        return bulk.AllTaken ? message : throw Reject(manifest, bytes, $"{slots.Length} tensor slots arrived, not all used", null);
    }

    /// <summary>
    /// Bytes from the network: anything that is not exactly a registered message (unknown
    /// manifest, truncated or malformed bytes, a length prefix larger than the bytes, a
    /// tensor whose data does not match its shape) is logged as an error and rejected with a
    /// <see cref="System.Runtime.Serialization.SerializationException"/>, which Akka.Remote
    /// treats as a dropped message: the association and the member keep serving.
    /// </summary>
    public override object FromBinary(byte[] bytes, string manifest)
    {
        // A bulk offer is counted with the message it brings, when that arrives.
        if (manifest != BulkOfferManifest)
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
