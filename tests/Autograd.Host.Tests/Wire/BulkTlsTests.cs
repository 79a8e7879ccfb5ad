using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Autograd.Access;
using Autograd.Host.Tests.Transport;
using Autograd.Protocol;
using Autograd.Transport;
using Autograd.Wire;

namespace Autograd.Host.Tests.Wire;

/// <summary>
/// The bulk path between two systems that run mutual TLS (the test CA): tensors cross on a TLS
/// connection made with the same certificate and cluster-CA validation as Akka.Remote's, and the
/// bulk port refuses a plain connection and a certificate from another CA.
/// </summary>
public class BulkTlsTests : Akka.TestKit.Xunit2.TestKit
{
    private readonly ActorSystem _other;

    public BulkTlsTests() : base(Setup(0), "autograd")
    {
        _other = ActorSystem.Create("autograd", Setup(1));
        SessionAccess.Get(Sys).Members.Add(((ExtendedActorSystem)_other).Provider.DefaultAddress);  // the two are members of one cluster
    }

    protected override void AfterAll()
    {
        _other.Terminate().Wait(TimeSpan.FromSeconds(10));
        base.AfterAll();
    }

    private static ActorSystemSetup Setup(int member)
    {
        var transport = TransportSettings.Default with { Tls = TestCertificates.Client with { CertificatePath = TestCertificates.MemberFile(member) } };
        var config = ConfigurationFactory.ParseString("akka.actor.provider = remote\nakka.loglevel = INFO")
            .WithFallback(transport.RemoteConfig()).WithFallback(AutogradConfig.Default);
        return ActorSystemSetup.Create(BootstrapSetup.Create().WithConfig(config), transport.Setup("test.")!);
    }

    [Fact]
    public async Task A_tensor_crosses_between_TLS_systems_on_a_TLS_bulk_connection()
    {
        var data = Tensor.RandomUniform(3, -1f, 1f, 2048, 1024);  // 8 MB
        var target = CreateTestProbe();
        var seen = ((ExtendedActorSystem)_other).Provider.ResolveActorRef(
            target.Ref.Path.ToStringWithAddress(((ExtendedActorSystem)Sys).Provider.DefaultAddress));
        Assert.StartsWith("akka.ssl.tcp://", seen.Path.Address.ToString());
        Assert.True(AutogradWire.Get(_other).Streams.Tls);

        AutogradWire.Get(_other).Tell(seen, new InputValue(new NodeId(Guid.NewGuid(), 1), 0, data), CreateTestProbe(_other).Ref);

        var received = await target.ExpectMsgAsync<InputValue>(TimeSpan.FromSeconds(30));
        Assert.Equal(data.ToArray(), received.Value.ToArray());
    }

    [Fact]
    public async Task The_bulk_port_refuses_plain_TCP_and_a_certificate_from_another_CA()
    {
        var port = AutogradWire.Get(Sys).Port;
        long refused = SessionAccess.Get(Sys).Refusals.Refused;

        using (var plain = new TcpClient())
        {
            await plain.ConnectAsync(IPAddress.Loopback, port);
            await plain.GetStream().WriteAsync(BulkFrame.Hello(((ExtendedActorSystem)_other).Provider.DefaultAddress.ToString()));
            Assert.Equal(0, await plain.GetStream().ReadAsync(new byte[1]).AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        }

        using var foreign = new TcpClient();
        await foreign.ConnectAsync(IPAddress.Loopback, port);
        var foreignTls = TestCertificates.Foreign;
        using var certificate = X509CertificateLoader.LoadPkcs12FromFile(foreignTls.CertificatePath!, foreignTls.CertificatePassword);
        await using var ssl = new SslStream(foreign.GetStream());
        var handshake = ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "127.0.0.1",
            ClientCertificates = new X509CertificateCollection { certificate },
            LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate,
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
        });
        // Refused during the handshake, or the connection closes at once after it (TLS 1.3 checks the client late).
        var refusedAtHandshake = await Record.ExceptionAsync(() => handshake.WaitAsync(TimeSpan.FromSeconds(10)));
        if (refusedAtHandshake is null)
        {
            int read = -1;
            var failed = await Record.ExceptionAsync(async () => read = await ssl.ReadAsync(new byte[1]).AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.True(failed is not null || read == 0, "the member closes a connection whose certificate is from another CA");
        }

        await AwaitAssertAsync(() => Assert.True(SessionAccess.Get(Sys).Refusals.Refused >= refused + 2));
    }
}
