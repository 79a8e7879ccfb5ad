using System.Threading.Channels;

namespace Autograd.Wire;

/// <summary>An auto-reset signal for one async waiter: set any number of times, consumed by one wait.</summary>
internal sealed class Signal
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    public void Set() => _channel.Writer.TryWrite(true);

    public async Task WaitAsync(CancellationToken cancel) => await _channel.Reader.ReadAsync(cancel);
}
