using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Autograd.Client;
using Autograd.Host.Member;
using Autograd.Host.Tests.Member;
using Autograd.Transport;
using Microsoft.Extensions.DependencyInjection;
using static Autograd.Host.Tests.Transport.MemberProbes;

namespace Autograd.Host.Tests.Transport;

/// <summary>
/// A member (the <c>member</c> command's host, mutual TLS) started with <c>--max-connections 4</c>,
/// flooded with TCP connections from outside. The flood's connections never start a TLS handshake:
/// a slot is taken when a connection opens, whoever opens it. Every wait is bounded by
/// <see cref="Deadline"/>; the whole test takes a few seconds.
/// </summary>
public class ConnectionLimitTests
{
    private const int Max = 4;
    private const int Extra = 3;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Connections_beyond_the_maximum_are_refused_while_the_member_serves_its_client_and_slots_free_up_when_connections_close()
    {
        var port = TwoMemberHosts.FreePort();
        using var host = MemberCommand.Build(
            ["--port", port.ToString(), "--seed", $"127.0.0.1:{port}", "--max-connections", Max.ToString(), .. TestCertificates.MemberArguments(0)]);
        await host.StartAsync().WaitAsync(Deadline);
        var flood = new List<TcpClient>();
        try
        {
            var member = host.Services.GetRequiredService<ActorSystem>();
            var connections = InboundConnections.Get(member);
            await using var client = await ConnectWithinAsync(TestCertificates.Client, $"127.0.0.1:{port}", Deadline);
            Assert.Equal(6f, await SumTwiceAsync(client));
            Assert.StartsWith("akka.ssl.tcp://autograd@127.0.0.1:", client.Hosts.Single().Path.Address.ToString());
            await WaitUntil(() => connections.Open == 1, Deadline, "the client's connection is the member's only one");
            var refusedBefore = connections.Refused;
            var logged = WarningContaining(member, "refused a connection from 127.0.0.1:");

            // The free slots and then some: which connections the member refuses depends on the order it accepts them in.
            for (int i = 0; i < Max - 1 + Extra; i++)
                flood.Add(await ConnectedAsync(port));
            var closedByMember = flood.Select(ClosedByPeerAsync).ToArray();

            await WaitUntil(() => closedByMember.Count(c => c.IsCompleted) == Extra, Deadline, $"{Extra} connections closed by the member");
            Assert.Equal(Max, connections.Open);
            Assert.Equal(refusedBefore + Extra, connections.Refused);
            Assert.Contains($"{Max} connections are open, the maximum ({InboundConnections.MaxPath})", await logged.WaitAsync(Deadline));
            Assert.Equal(6f, await SumTwiceAsync(client));
            // A real client with the right certificate is refused as well while every slot is taken.
            var refused = await Assert.ThrowsAsync<AutogradException>(() => AutogradEngine.ConnectAsync(new ClientOptions
            {
                ContactPoints = [$"127.0.0.1:{port}"],
                Tls = TestCertificates.Client,
                Timeout = TimeSpan.FromSeconds(10),
            }));
            // the member closes the connection as it opens: Akka reports the failed association, or (on a
            // loaded machine, when that report comes late) the contact point does not answer in time
            Assert.Matches("could not reach the cluster: .*(the connection failed|no answer within)", refused.Message);
            Assert.Equal(Max, connections.Open);
            Assert.True(connections.Refused > refusedBefore + Extra, "the client's connection was refused, not merely slow");

            foreach (var connection in flood) connection.Dispose();

            await WaitUntil(() => connections.Open == 1, Deadline, "the flood's slots given back");
            await using var another = await ConnectWithinAsync(TestCertificates.Client, $"127.0.0.1:{port}", Deadline);
            Assert.Equal(6f, await SumTwiceAsync(another));
            await WaitUntil(() => connections.Open == 2, Deadline, "one connection for each client");
        }
        finally
        {
            foreach (var connection in flood) connection.Dispose();
            await host.StopAsync().WaitAsync(Deadline);
        }
    }

    private static async Task<float> SumTwiceAsync(AutogradEngine engine)
    {
        await using var session = engine.NewSession();
        return await (session.Variable(Tensor.FromArray([1f, 2f], 2)) * 2f).Sum().ItemAsync();
    }

    private static async Task<TcpClient> ConnectedAsync(int port)
    {
        var connection = new TcpClient(AddressFamily.InterNetwork);
        await connection.ConnectAsync(IPAddress.Loopback, port).WaitAsync(Deadline);
        return connection;
    }

    /// <summary>Completes when the member closes the connection (a TLS server sends nothing before the
    /// client's hello, so an accepted connection stays silent).</summary>
    private static async Task ClosedByPeerAsync(TcpClient connection)
    {
        try
        {
            while (await connection.GetStream().ReadAsync(new byte[256]) > 0) { }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException)
        {
            // reset by the member, or disposed by the test
        }
    }
}
