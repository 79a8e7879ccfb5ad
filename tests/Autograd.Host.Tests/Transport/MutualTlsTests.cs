using Akka.Actor;
using Autograd.Client;
using Autograd.Host.Member;
using Autograd.Host.Tests.Member;
using Autograd.Transport;
using static Autograd.Host.Tests.Transport.MemberProbes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Autograd.Host.Tests.Transport;

/// <summary>One member host with mutual TLS (the test CA), shared by the tests of this class.</summary>
public sealed class TlsMember : IAsyncLifetime
{
    public int Port { get; } = TwoMemberHosts.FreePort();

    public IHost Host { get; private set; } = null!;

    public ActorSystem System => Host.Services.GetRequiredService<ActorSystem>();

    public async Task InitializeAsync()
    {
        Host = MemberCommand.Build(["--port", Port.ToString(), "--seed", $"127.0.0.1:{Port}", .. TestCertificates.MemberArguments(0)]);
        await Host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
    }
}

/// <summary>Who can associate with a member that runs mutual TLS. Each refusal has a 5 s deadline (the
/// client sees it sooner: the member drops the connection, and connecting fails as soon as Akka reports it).</summary>
public class MutualTlsTests(TlsMember member) : IClassFixture<TlsMember>
{
    private static readonly TimeSpan Refused = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_client_with_a_certificate_of_the_cluster_CA_reaches_the_member_and_computes()
    {
        await using var client = await ConnectWithinAsync(TestCertificates.Client, $"127.0.0.1:{member.Port}", TimeSpan.FromSeconds(20));
        await using var session = client.NewSession();

        var y = session.Variable(Tensor.FromArray([1f, 2f, 3f], 3)) * 2f;

        Assert.Equal(12f, await y.Sum().ItemAsync());
        Assert.StartsWith("akka.ssl.tcp://autograd@127.0.0.1:", client.Hosts.Single().Path.Address.ToString());
    }

    [Fact]
    public async Task A_plain_system_cannot_associate_with_a_TLS_member()
    {
        var error = await Assert.ThrowsAsync<AutogradException>(() => AutogradEngine.ConnectAsync(new ClientOptions
        {
            ContactPoints = [$"akka.tcp://autograd@127.0.0.1:{member.Port}"],
            Tls = TlsSettings.PlainText,
            Timeout = Refused,
        }));

        // Akka reports the failed handshake to the client (most often), or the contact point does not answer
        Assert.Matches("could not reach the cluster: .*(the connection failed|no answer within)", error.Message);
    }

    [Fact]
    public async Task A_system_with_a_certificate_from_another_CA_cannot_associate_and_the_member_logs_the_refusal()
    {
        var refusal = WarningContaining(member.System, "TLS: refused");

        var error = await Assert.ThrowsAsync<AutogradException>(() => AutogradEngine.ConnectAsync(new ClientOptions
        {
            ContactPoints = [$"127.0.0.1:{member.Port}"],
            Tls = TestCertificates.Foreign,
            Timeout = Refused,
        }));
        // Akka reports the failed handshake to the client (most often), or the contact point does not answer
        Assert.Matches("could not reach the cluster: .*(the connection failed|no answer within)", error.Message);

        Assert.Contains("does not chain to the cluster CA", await refusal.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
