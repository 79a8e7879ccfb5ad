using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Autograd.Host.Member;
using Autograd.Host.Tests.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Autograd.Host.Tests.Member;

/// <summary>
/// Two real member hosts (the <c>member</c> command's host, mutual TLS with the test certificates)
/// in this process, each its own ActorSystem on a free loopback port, the first the seed of both.
/// They down an unreachable member after 2 s, so they free a vanished client's sessions after about
/// 10 s (<see cref="Autograd.Transport.TransportSettings.ClientWatchPause"/>). Disposing stops both.
/// </summary>
internal sealed class TwoMemberHosts : IAsyncDisposable
{
    private TwoMemberHosts(string seed, IHost first, IHost second) => (Seed, First, Second) = (seed, first, second);

    /// <summary>The seed as host:port, the form contact points and seeds may take.</summary>
    public string Seed { get; }

    public IHost First { get; }

    public IHost Second { get; }

    public static ActorSystem SystemOf(IHost host) => host.Services.GetRequiredService<ActorSystem>();

    public static async Task<TwoMemberHosts> StartAsync(CancellationToken cancel = default)
    {
        var seedPort = FreePort();
        var seed = $"127.0.0.1:{seedPort}";
        var hosts = new TwoMemberHosts(seed,
            MemberCommand.Build(["--port", seedPort.ToString(), "--seed", seed, .. QuickDowning, .. TestCertificates.MemberArguments(0)]),
            MemberCommand.Build(["--port", FreePort().ToString(), "--seed", seed, .. QuickDowning, .. TestCertificates.MemberArguments(1)]));
        try
        {
            await hosts.First.StartAsync(cancel);
            await hosts.Second.StartAsync(cancel);
            return hosts;
        }
        catch
        {
            await hosts.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops both (a host already stopped is stopped again harmlessly).</summary>
    public async ValueTask DisposeAsync()
    {
        await Second.StopAsync(CancellationToken.None);
        await First.StopAsync(CancellationToken.None);
        Second.Dispose();
        First.Dispose();
    }

    private static readonly string[] QuickDowning = ["--down-unreachable-after", "00:00:02"];

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
