using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Autograd.Bench.Wire;

/// <summary>
/// The floor: <c>bytes</c> over one loopback TCP connection, written in 1 MiB pieces from one
/// buffer and read into one buffer of the whole size, timed from the first write to the last byte read (the reader already waiting).
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
        var source = new byte[1 << 20];
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
        for (long sent = 0; sent < bytes; sent += source.Length)
            await stream.WriteAsync(source.AsMemory(0, (int)Math.Min(source.Length, bytes - sent)));
        await reading;
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }
}
