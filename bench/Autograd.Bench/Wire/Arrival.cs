using Akka.Actor;
using Autograd.Protocol;

namespace Autograd.Bench.Wire;

/// <summary>Where a benchmark's tensors arrive: completes the current wait with each InputValue (benchmark code, one process).</summary>
internal sealed class Arrival : ReceiveActor
{
    private TaskCompletionSource<InputValue>? _waiting;

    public sealed record Expect(TaskCompletionSource<InputValue> Done);

    public Arrival()
    {
        Receive<Expect>(e => _waiting = e.Done);
        Receive<InputValue>(v => _waiting?.TrySetResult(v));
    }
}
