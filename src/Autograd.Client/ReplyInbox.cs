using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.Actor;
using Autograd.Access;
using Autograd.Protocol;

namespace Autograd.Client;

/// <summary>
/// Where every answer to this client's node requests arrives: one temp actor ref per engine (its
/// path resolves from any member) that completes the waiting task on the replying thread. Cheaper
/// than an Ask per request, which creates and registers a temp actor and starts a timer each time;
/// deadlines here are checked by one periodic sweep. Answers count only from the members the
/// engine knows (and this system's own actors): anyone else's are dropped, counted and logged.
/// </summary>
internal sealed class ReplyInbox : MinimalActorRef
{
    private readonly MemberAddresses _members;
    private readonly RefusalLog _refusals;
    private readonly IActorRefProvider _provider;
    private readonly Wire.AutogradWire _wire;
    // Many lock stripes: the request being added and the one being answered rarely share one.
    private readonly ConcurrentDictionary<long, Pending> _pending = new(concurrencyLevel: 32, capacity: 64);
    private readonly ICancelable _sweep;
    private long _lastRequest;

    /// <param name="members">Whose answers count: the members the engine knows (actors of this system always count).</param>
    /// <param name="refusals">Where answers from anyone else are counted and logged.</param>
    public ReplyInbox(ActorSystem system, TimeSpan timeout, MemberAddresses members, RefusalLog refusals)
    {
        _members = members;
        _refusals = refusals;
        _provider = ((ExtendedActorSystem)system).Provider;
        _wire = Wire.AutogradWire.Get(system);
        Timeout = timeout;
        Path = _provider.TempPath();
        _provider.RegisterTempActor(this, Path);
        var every = TimeSpan.FromTicks(Math.Clamp(timeout.Ticks / 10, TimeSpan.FromMilliseconds(10).Ticks, TimeSpan.FromMilliseconds(250).Ticks));
        _sweep = system.Scheduler.Advanced.ScheduleRepeatedlyCancelable(every, every, Sweep);
    }

    public TimeSpan Timeout { get; }

    public override ActorPath Path { get; }

    public override IActorRefProvider Provider => _provider;

    public int Waiting => _pending.Count;

    /// <summary>
    /// Sends the request made by <paramref name="makeRequest"/> (given its id) to <paramref name="host"/>;
    /// the task completes with the reply, or fails with a <see cref="TimeoutException"/> saying
    /// <paramref name="describe"/>() got no answer in time.
    /// </summary>
    public Task<IReply> Request(IActorRef host, Func<long, IAutogradMessage> makeRequest, Func<string> describe)
    {
        var reply = Expect(makeRequest, describe, out var request);
        // Through the wire: a request may carry large tensors (AssignValue, SetParameterState).
        _wire.Tell(host, request, this);
        return reply;
    }

    /// <summary>
    /// Makes the <paramref name="request"/> (given its id) without sending it: the caller sends it, with
    /// this inbox as its sender. The task is as <see cref="Request"/>'s, its deadline counted from now.
    /// </summary>
    public Task<IReply> Expect(Func<long, IAutogradMessage> makeRequest, Func<string> describe, out IAutogradMessage request)
    {
        var id = Interlocked.Increment(ref _lastRequest);
        var done = new TaskCompletionSource<IReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = new Pending(done, Stopwatch.GetTimestamp() + (long)(Timeout.TotalSeconds * Stopwatch.Frequency), describe);
        request = makeRequest(id);
        return done.Task;
    }

    /// <summary>
    /// Where a member's bundle hands on the report of a backward pass that came with the replies it held
    /// (the engine's tracker: the one every plan this inbox sends names).
    /// </summary>
    public IActorRef? Tracker { get; set; }

    protected override void TellInternal(object message, IActorRef sender)
    {
        if (message is not (IReply or Bundle)) return;
        if (!_members.Trusts(sender))
        {
            _refusals.Refuse(sender, message.GetType().Name, "a client takes answers from the cluster's members only");
            return;
        }
        if (message is IReply reply) Answer(reply);
        else
        {
            // A member's held replies to optimizer requests, then the report of the backward pass they waited for.
            foreach (var item in ((Bundle)message).Messages)
            {
                if (item is IReply bundled) Answer(bundled);
                else if (item is LeavesDone or PassFailed) Tracker?.Tell(item, sender);
            }
        }
    }

    private void Answer(IReply reply)
    {
        if (_pending.TryRemove(reply.Request, out var pending))
            pending.Done.TrySetResult(reply);
    }

    private void Sweep()
    {
        if (_pending.IsEmpty) return;
        long now = Stopwatch.GetTimestamp();
        foreach (var (id, pending) in _pending)
            if (pending.Deadline <= now && _pending.TryRemove(id, out _))
                pending.Done.TrySetException(new TimeoutException(
                    $"{pending.Describe()} got no answer within {Timeout.TotalSeconds:0.###} s"));
    }

    /// <summary>Fails what still waits and stops answering (engine disposal).</summary>
    public override void Stop()
    {
        _sweep.Cancel();
        _provider.UnregisterTempActor(Path);
        foreach (var id in _pending.Keys)
            if (_pending.TryRemove(id, out var pending))
                pending.Done.TrySetException(new ObjectDisposedException(nameof(AutogradEngine), $"{pending.Describe()} was abandoned: the engine was disposed"));
    }

    private sealed record Pending(TaskCompletionSource<IReply> Done, long Deadline, Func<string> Describe);
}
