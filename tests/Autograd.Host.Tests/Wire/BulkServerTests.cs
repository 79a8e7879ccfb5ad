using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Event;
using Autograd.Access;
using Autograd.Wire;

namespace Autograd.Host.Tests.Wire;

/// <summary>
/// The sending side of the bulk path at the frame level: a <see cref="BulkServer"/> on loopback, and a
/// receiver played by hand over a plain socket (hello, grants, reading frames), so each rule is seen
/// on the wire: data only within the credit granted, pulls only by the system a transfer was
/// offered to, strangers' connections refused.
/// </summary>
public sealed class BulkServerTests : IDisposable
{
    private static readonly Address Receiver = Address.Parse("akka.tcp://autograd@127.0.0.1:4999");
    private static readonly Address Member = Address.Parse("akka.tcp://autograd@127.0.0.1:4998");
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    private readonly OutgoingTransfers _outgoing = new();
    private readonly List<string> _refusals = [];
    private readonly BulkServer _server;

    public BulkServerTests()
    {
        var settings = new WireSettings(256 * 1024, 1L << 30, TimeSpan.FromSeconds(30), 4L << 20, DataFrameBytes: 16 * 1024,
            ConnectTimeout: TimeSpan.FromMilliseconds(500), MaxConnections: 3);
        var refusals = new RefusalLog((_, line) => { lock (_refusals) _refusals.Add(line); }, TimeSpan.Zero);
        _server = new BulkServer(IPAddress.Loopback, settings, BulkStreams.Of(null, NoLogger.Instance), _outgoing,
            a => a.Equals(Member) || _outgoing.AnyFor(a), refusals, NoLogger.Instance);
    }

    public void Dispose() => _server.Dispose();

    private Outgoing Offer(Address to, int bytes)
    {
        var data = new byte[bytes];
        Random.Shared.NextBytes(data);
        var outgoing = new Outgoing(Guid.NewGuid(), to, [data]);
        _outgoing.Add(outgoing);
        return outgoing;
    }

    private async Task<NetworkStream> ConnectAsync(Address? hello)
    {
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, _server.Port);
        var stream = client.GetStream();
        stream.ReadTimeout = 5000;
        if (hello is not null) await stream.WriteAsync(BulkFrame.Hello(hello.ToString()));
        return stream;
    }

    private static async Task Send(Stream stream, FrameKind kind, Guid id, long value)
    {
        var bytes = new byte[BulkFrame.HeaderBytes];
        new BulkFrame(kind, id, value).Write(bytes);
        await stream.WriteAsync(bytes);
    }

    /// <summary>The next frame and its payload, or null when nothing comes within <paramref name="within"/>.</summary>
    private static async Task<(BulkFrame Frame, byte[] Payload)?> ReadFrame(Stream stream, TimeSpan within)
    {
        var header = new byte[BulkFrame.HeaderBytes];
        using var timeout = new CancellationTokenSource(within);
        try
        {
            await stream.ReadExactlyAsync(header, timeout.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        var frame = BulkFrame.Read(header);
        var payload = new byte[frame.Kind == FrameKind.Data ? frame.Value : 0];
        await stream.ReadExactlyAsync(payload);
        return (frame, payload);
    }

    [Fact]
    public async Task The_sender_never_has_more_than_the_credit_granted_outstanding()
    {
        var transfer = Offer(Receiver, 200_000);
        var stream = await ConnectAsync(Receiver);
        var received = new MemoryStream();

        await Send(stream, FrameKind.Grant, transfer.Id, 50_000);
        while (received.Length < 50_000)
        {
            var (frame, payload) = (await ReadFrame(stream, TimeSpan.FromSeconds(5)))!.Value;
            Assert.Equal((FrameKind.Data, transfer.Id), (frame.Kind, frame.Transfer));
            Assert.InRange(payload.Length, 1, 16 * 1024);  // frames of at most data-frame-size
            received.Write(payload);
        }
        Assert.Equal(50_000, received.Length);
        Assert.Null(await ReadFrame(stream, Quiet));  // the credit is used up: nothing more comes

        await Send(stream, FrameKind.Grant, transfer.Id, 150_000);
        while (received.Length < 200_000)
            received.Write((await ReadFrame(stream, TimeSpan.FromSeconds(5)))!.Value.Payload);

        Assert.Equal(transfer.Parts[0].ToArray(), received.ToArray());
        Assert.Equal(0, _outgoing.Count);  // sent: forgotten
    }

    [Fact]
    public async Task A_pull_of_a_transfer_offered_to_another_system_or_never_offered_is_answered_unknown()
    {
        var elsewhere = Offer(Member, 1000);
        Offer(Receiver, 1000);
        var stream = await ConnectAsync(Receiver);

        await Send(stream, FrameKind.Grant, elsewhere.Id, 1000);
        await Send(stream, FrameKind.Grant, Guid.NewGuid(), 1000);

        var first = (await ReadFrame(stream, TimeSpan.FromSeconds(5)))!.Value.Frame;
        var second = (await ReadFrame(stream, TimeSpan.FromSeconds(5)))!.Value.Frame;
        Assert.Equal([FrameKind.Unknown, FrameKind.Unknown], new[] { first.Kind, second.Kind });
        Assert.Contains(elsewhere.Id, new[] { first.Transfer, second.Transfer });
        Assert.True(_outgoing.Contains(elsewhere.Id));
    }

    [Fact]
    public async Task A_cancelled_transfer_is_forgotten_and_sends_nothing_more()
    {
        var transfer = Offer(Receiver, 100_000);
        var stream = await ConnectAsync(Receiver);
        await Send(stream, FrameKind.Grant, transfer.Id, 16 * 1024);
        Assert.Equal(FrameKind.Data, (await ReadFrame(stream, TimeSpan.FromSeconds(5)))!.Value.Frame.Kind);

        await Send(stream, FrameKind.Cancel, transfer.Id, 0);
        await Send(stream, FrameKind.Grant, transfer.Id, 50_000);

        Assert.Equal(FrameKind.Unknown, (await ReadFrame(stream, TimeSpan.FromSeconds(5)))!.Value.Frame.Kind);
        Assert.False(_outgoing.Contains(transfer.Id));
    }

    [Fact]
    public async Task A_stranger_is_refused_whatever_it_says_and_a_silent_connection_is_closed_at_the_connect_timeout()
    {
        Offer(Receiver, 1000);
        var stranger = await ConnectAsync(Address.Parse("akka.tcp://autograd@10.9.9.9:4053"));
        var notBulk = await ConnectAsync(null);
        await notBulk.WriteAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray());
        var silent = await ConnectAsync(null);

        foreach (var stream in new[] { stranger, notBulk, silent })
            Assert.Equal(0, await stream.ReadAsync(new byte[1]).AsTask().WaitAsync(TimeSpan.FromSeconds(5)));  // closed by the server

        lock (_refusals)
        {
            Assert.Equal(3, _refusals.Count);
            Assert.Contains(_refusals, l => l.Contains("neither a member nor a system offered anything"));
        }
    }

    [Fact]
    public async Task Connections_beyond_the_maximum_are_closed_at_once()
    {
        var open = new List<NetworkStream>();
        for (int i = 0; i < 3; i++) open.Add(await ConnectAsync(Member));
        await Task.Delay(200);  // the three are served

        var fourth = await ConnectAsync(Member);

        Assert.Equal(0, await fourth.ReadAsync(new byte[1]).AsTask().WaitAsync(TimeSpan.FromSeconds(5)));
        lock (_refusals) Assert.Contains(_refusals, l => l.Contains("max-connections"));
    }
}
