using Akka.Actor;
using Autograd.Protocol;
using Autograd.Protocol.Serialization;

namespace Autograd.Bench;

/// <summary>
/// What crossed between members: the protocol bytes and messages that the serializers of
/// <paramref name="systems"/> read. With serialize-messages off a serializer reads only what came
/// over the network, so the sum over every member counts each message between members once.
/// </summary>
internal sealed class WireCounters(IEnumerable<ActorSystem> systems)
{
    private readonly AutogradSerializer[] _serializers = systems.Select(Serializer).ToArray();

    public long BytesRead => _serializers.Sum(s => s.BytesRead);

    public long MessagesRead => _serializers.Sum(s => s.MessagesRead);

    private static AutogradSerializer Serializer(ActorSystem system) =>
        (AutogradSerializer)system.Serialization.FindSerializerForType(typeof(InputValue));
}
