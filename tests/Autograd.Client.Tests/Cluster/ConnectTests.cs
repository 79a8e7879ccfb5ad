using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Autograd.Client;
using Autograd.Transport;

namespace Autograd.Client.Tests.Cluster;

/// <summary>
/// Connecting asks every contact point at once: a refused connection fails it at once, not at the
/// deadline, and a dead contact point costs nothing while another answers. Each test's deadline is
/// 30 s; a bound of a third of it shows the deadline was not waited for, on a loaded machine too.
/// </summary>
public class ConnectTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Connecting_where_no_member_listens_fails_at_once_saying_the_connection_was_refused()
    {
        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<AutogradException>(() => AutogradEngine.ConnectAsync(new ClientOptions
        {
            ContactPoints = [$"127.0.0.1:{UnusedPort()}", $"127.0.0.1:{UnusedPort()}"],
            Tls = TlsSettings.PlainText,
            Timeout = Deadline,
        }));

        Assert.True(clock.Elapsed < Deadline / 3, $"failed after {clock.Elapsed}");
        Assert.Contains("connection refused", error.Message);
    }

    [Fact]
    public async Task A_dead_first_contact_point_does_not_delay_connecting_through_the_second()
    {
        await using var cluster = await AutogradEngine.StartEmbeddedAsync(new EmbeddedOptions { Members = 2 });
        var live = ((ExtendedActorSystem)cluster.System).Provider.DefaultAddress.ToString();
        var clock = Stopwatch.StartNew();

        await using var client = await AutogradEngine.ConnectAsync(new ClientOptions
        {
            ContactPoints = [$"127.0.0.1:{UnusedPort()}", live],
            Tls = TlsSettings.PlainText,
            Timeout = Deadline,
        });

        Assert.True(clock.Elapsed < Deadline / 3, $"connected after {clock.Elapsed}");
        Assert.Equal(2, client.Hosts.Count);
    }

    /// <summary>A loopback port nobody listens on (taken, then released).</summary>
    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
