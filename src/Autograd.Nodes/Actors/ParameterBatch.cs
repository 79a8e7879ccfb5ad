using Akka.Actor;
using Autograd.Protocol;

namespace Autograd.Actors;

/// <summary>
/// One <see cref="IHostRequest"/> in flight (an optimizer step or a zero-grad of a member's
/// parameters), as Akka's per-request aggregator: the host sends each parameter node its share with
/// this actor as sender; it counts the answers, replies once to the client (<see cref="ParametersDone"/>,
/// or the first failure), and stops. A deadline answers the client if a node never does, so nothing waits forever.
/// </summary>
internal sealed class ParameterBatch : ReceiveActor, IWithTimers
{
    private readonly IActorRef _requester;
    private readonly long _request;
    private readonly TimeSpan _timeout;
    private int _remaining;
    private int _updated;
    private int _skipped;

    public ParameterBatch(IActorRef requester, long request, int expected, TimeSpan timeout)
    {
        _requester = requester;
        _request = request;
        _timeout = timeout;
        _remaining = expected;
        Receive<ParameterStepped>(stepped => Count(stepped.Skipped));
        Receive<GradZeroed>(_ => Count(skipped: false));
        Receive<RequestFailed>(Finish);
        Receive<Rejected>(Finish);
        Receive<Deadline>(_ => Finish(new RequestFailed(_request, default, "optimizer",
            $"{_remaining} parameter(s) did not answer within {timeout.TotalSeconds:0.###} s")));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef requester, long request, int expected, TimeSpan timeout) =>
        Akka.Actor.Props.Create(() => new ParameterBatch(requester, request, expected, timeout))
            .WithDispatcher(AutogradConfig.ComputeDispatcher);

    protected override void PreStart() => Timers.StartSingleTimer("deadline", Deadline.Instance, _timeout);

    private void Count(bool skipped)
    {
        if (skipped) _skipped++;
        else _updated++;
        if (--_remaining == 0) Finish(new ParametersDone(_request, _updated, _skipped));
    }

    private void Finish(IReply reply)
    {
        _requester.Tell(reply is Rejected r ? r with { Request = _request } : reply, Context.Parent);
        Context.Stop(Self);
    }

    private sealed class Deadline : INoSerializationVerificationNeeded
    {
        public static readonly Deadline Instance = new();
    }
}
