using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Autograd.Bench.Wire;

/// <summary>
/// The floor: <c>bytes</c> over one loopback TCP connection, written in 1 MiB pieces from a buffer
/// of the whole size and read into another, timed from the first write to the last byte read (the reader already waiting).
/// </summary>
internal static class RawTcp
{
    public static async Task<double> SecondsAsync(long bytes)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var sender = new TcpClient { NoDelay = true };
        await sender.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        using var receiver = await listener.AcceptTcpClientAsync();
        // The same bytes as a tensor of this size, not one hot buffer sent again and again: a tensor
        // streams from memory as large as itself, which a 1 MiB buffer in cache would flatter.
        var source = new byte[(int)Math.Min(bytes, int.MaxValue)];
        Random.Shared.NextBytes(source);
        var destination = GC.AllocateUninitializedArray<byte>((int)Math.Min(bytes, int.MaxValue));
        var reading = Task.Run(async () =>
        {
            var stream = receiver.GetStream();
            long read = 0;
            while (read < bytes)
            {
                int n = await stream.ReadAsync(destination.AsMemory((int)read, (int)Math.Min(bytes - read, 1 << 20)));
                if (n == 0) throw new EndOfStreamException();
                read += n;
            }
        });
        await Task.Delay(20);  // the reader is waiting before the clock starts, as the wire's receivers are
        var start = Stopwatch.GetTimestamp();
        var stream = sender.GetStream();
        for (long sent = 0; sent < bytes; sent += 1 << 20)
            await stream.WriteAsync(source.AsMemory((int)sent, (int)Math.Min(1 << 20, bytes - sent)));
        await reading;
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }
}
