using System.Diagnostics;
using System.Net;
using Akka.Actor;
using Akka.Event;
using Autograd.Access;
using Autograd.Wire;

namespace Autograd.Bench.Wire;

/// <summary>
/// The bulk connection alone, without actor systems: a <see cref="BulkServer"/> and a
/// <see cref="PullConnection"/> in this process moving one tensor's array into a fresh one, with
/// the same framing, credit and buffers as the wire. Beside raw TCP it shows what the transport
/// itself costs; beside the wire's figures, what the actor systems around it cost.
/// </summary>
internal sealed class BulkAlone : IDisposable
{
    private static readonly Address Receiver = Address.Parse("akka.tcp://autograd@127.0.0.1:1");
    private readonly WireSettings _settings = WireSettings.From(AutogradConfig.Default);
    private readonly OutgoingTransfers _outgoing = new();
    private readonly BulkServer _server;
    private readonly PullConnection _pull;

    public BulkAlone()
    {
        var streams = BulkStreams.Of(null, NoLogger.Instance);
        _server = new BulkServer(IPAddress.Loopback, _settings, streams, _outgoing, _ => true,
            new RefusalLog((_, line) => Console.WriteLine(line), TimeSpan.Zero), NoLogger.Instance);
        _pull = new PullConnection("127.0.0.1", _server.Port, Receiver, streams, _settings, NoLogger.Instance);
    }

    public async Task<double> SecondsAsync(Tensor tensor)
    {
        var id = Guid.NewGuid();
        long start = Stopwatch.GetTimestamp();
        _outgoing.Add(new Outgoing(id, Receiver, [FloatBytes.Of(tensor.Elements)]));
        var offer = new BulkOffer(id, ActorRefs.Nobody, "iv", [1], 0, [tensor.Count], _server.Port, Guid.Empty);
        var transfer = new IncomingTransfer(offer, ActorRefs.Nobody, _settings.Window);
        _pull.Pull(transfer);
        await transfer.Done.Task.WaitAsync(TimeSpan.FromMinutes(2));
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    public void Dispose()
    {
        _pull.Dispose();
        _server.Dispose();
    }
}
