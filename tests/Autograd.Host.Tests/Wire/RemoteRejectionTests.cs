using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;
using Autograd.Protocol;
using Autograd.Protocol.Serialization;

namespace Autograd.Host.Tests.Wire;

/// <summary>
/// A peer that sends bad bytes under the autograd serializer's id: the receiving system logs
/// and drops each such message, keeps the association, and goes on delivering good ones.
/// </summary>
public class RemoteRejectionTests : Akka.TestKit.Xunit2.TestKit
{
    private readonly ActorSystem _peer;

    public RemoteRejectionTests() : base(WireConfig.Remote())
    {
        _peer = ActorSystem.Create(Sys.Name, ConfigurationFactory.ParseString($$"""
            akka.actor.provider = remote
            akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0, maximum-frame-size = 4MiB }
            akka.actor.serializers.hostile = "{{typeof(HostileSerializer).AssemblyQualifiedName}}"
            akka.actor.serialization-bindings {
              "{{typeof(IAutogradMessage).AssemblyQualifiedName}}" = hostile
              "{{typeof(BadBytes).AssemblyQualifiedName}}" = hostile
            }
            akka.actor.serialization-identifiers { "{{typeof(HostileSerializer).AssemblyQualifiedName}}" = {{AutogradSerializer.SerializerId}} }
            """));
    }

    protected override void AfterAll()
    {
        _peer.Terminate().Wait(TimeSpan.FromSeconds(10));
        base.AfterAll();
    }

    [Fact]
    public async Task Bad_bytes_from_a_peer_are_logged_and_dropped_and_good_messages_still_arrive()
    {
        var probe = CreateTestProbe();
        var address = ((ExtendedActorSystem)Sys).Provider.DefaultAddress;
        var target = ((ExtendedActorSystem)_peer).Provider.ResolveActorRef(probe.Ref.Path.ToStringWithAddress(address));
        var node = new NodeId(Guid.NewGuid(), 1);

        await EventFilter.Error(contains: "rejected incoming bytes").ExpectAsync(3, () =>
        {
            target.Tell(new BadBytes("zz", [1, 2, 3]));                          // unknown manifest
            target.Tell(new BadBytes("iv", [0x93, 0x93, 0xcf]));                 // truncated
            target.Tell(new BadBytes("bp", [0x96, 0xa1, 0x78, 0x01, 0xdd, 0x7f, 0xff, 0xff, 0xff, 0x01])); // oversized array length
            return Task.CompletedTask;
        });
        target.Tell(new InputValue(node, 2, Tensor.FromArray([1f, 2f], 2)));

        var good = await probe.ExpectMsgAsync<InputValue>(TimeSpan.FromSeconds(10));
        Assert.Equal([1f, 2f], good.Value.ToArray());
    }

    /// <summary>Bytes sent as they are, under a chosen manifest.</summary>
    public sealed record BadBytes(string Manifest, byte[] Bytes);

    /// <summary>The peer's serializer under the autograd id: honest for protocol messages, hostile for <see cref="BadBytes"/>.</summary>
    public sealed class HostileSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
    {
        private readonly AutogradSerializer _honest = new(system);

        public override int Identifier => AutogradSerializer.SerializerId;

        public override string Manifest(object o) => o is BadBytes bad ? bad.Manifest : _honest.Manifest(o);

        public override byte[] ToBinary(object obj) => obj is BadBytes bad ? bad.Bytes : _honest.ToBinary(obj);

        public override object FromBinary(byte[] bytes, string manifest) => _honest.FromBinary(bytes, manifest);
    }
}
