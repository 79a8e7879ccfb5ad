using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Event;
using Akka.Serialization;

namespace Autograd.Transport;

/// <summary>
/// Registered in place of Akka's JSON serializer (identifier 1, bound to <c>System.Object</c>), so
/// no message type comes from the wire by name. Outbound, a message that is neither an
/// <c>IAutogradMessage</c> nor one of Akka's own (each bound to its own serializer) fails to
/// serialize; inbound, bytes under identifier 1, which a default Akka.NET system sends for any
/// type it has no binding for, are refused. A string-manifest serializer, so Akka hands it the
/// manifest as text and never resolves the type name in it.
/// </summary>
public sealed class RefusingSerializer : SerializerWithStringManifest
{
    /// <summary>Akka's JSON serializer's identifier, which this one takes over.</summary>
    public const int JsonIdentifier = 1;

    public RefusingSerializer(ExtendedActorSystem system) : base(system) { }

    /// <summary>The constructor Akka calls because the JSON serializer's name has settings
    /// (<c>akka.actor.serialization-settings.json</c>); they do not apply to this one.</summary>
    public RefusingSerializer(ExtendedActorSystem system, Akka.Configuration.Config _) : this(system) { }

    public override int Identifier => JsonIdentifier;

    public override string Manifest(object o) => throw Unregistered(o);

    public override byte[] ToBinary(object obj) => throw Unregistered(obj);

    public override object FromBinary(byte[] bytes, string manifest)
    {
        // The manifest is whatever the sender claims; cut it so a hostile one cannot flood the log.
        // The logger is made here: while Akka builds its serializers, the system cannot name a log source yet.
        Logging.GetLogger(system, typeof(RefusingSerializer)).Warning("refused an incoming message of unregistered type '{0}' ({1} bytes): no JSON fallback",
            manifest.Length > 200 ? manifest[..200] + "..." : manifest, bytes.Length);
        throw new SerializationException("messages of unregistered types are refused (no JSON fallback)");
    }

    private static SerializationException Unregistered(object o) =>
        new($"{o.GetType().FullName} has no serializer: only autograd messages (IAutogradMessage) and Akka's own cross the wire");
}
