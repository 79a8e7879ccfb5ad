using System.Diagnostics;
using Akka.Actor;
using Autograd.Protocol;

namespace Autograd.Actors;

/// <summary>
/// The host's <see cref="IHostRequest"/>s in flight (optimizer steps and zero-grads of a member's
/// parameters): each parameter node answers its share to the host under a request id of the host's
/// own, and the client gets one answer (<see cref="ParametersDone"/>, or the first failure) when all
/// have. A plain class instead of an aggregator actor per request: a training step makes two such
/// requests per member, and creating and stopping an actor for each cost more than the step's updates.
/// Requests past their deadline are answered by <see cref="Expire"/>, so nothing waits forever.
/// </summary>
internal sealed class ParameterBatches(TimeSpan timeout)
{
    private readonly Dictionary<long, Batch> _batches = new();
    private long _lastId;

    public int Count => _batches.Count;

    /// <summary>A new batch of <paramref name="expected"/> shares for <paramref name="requester"/>'s request; returns the id its shares carry.</summary>
    public long Start(IActorRef requester, long request, int expected)
    {
        long id = --_lastId;   // negative: never one of a client's request ids
        _batches.Add(id, new Batch(requester, request, expected, Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency)));
        return id;
    }

    /// <summary>True when <paramref name="reply"/> answers a share; the client's answer, once complete, goes out through <paramref name="tell"/>.</summary>
    public bool TryAnswer(IReply reply, Action<IActorRef, IReply> tell)
    {
        if (!_batches.TryGetValue(reply.Request, out var batch)) return false;
        switch (reply)
        {
            case ParameterStepped stepped:
                if (stepped.Skipped) batch.Skipped++;
                else batch.Updated++;
                break;
            case GradZeroed:
                batch.Updated++;
                break;
            case RequestFailed failed:
                Finish(reply.Request, batch, failed with { Request = batch.Request }, tell);
                return true;
            case Rejected rejected:
                Finish(reply.Request, batch, rejected with { Request = batch.Request }, tell);
                return true;
            default:
                return false;
        }
        if (--batch.Remaining == 0) Finish(reply.Request, batch, new ParametersDone(batch.Request, batch.Updated, batch.Skipped), tell);
        return true;
    }

    /// <summary>Answers every batch past its deadline with a failure naming how many shares are missing.</summary>
    public void Expire(Action<IActorRef, IReply> tell)
    {
        if (_batches.Count == 0) return;
        long now = Stopwatch.GetTimestamp();
        foreach (var (id, batch) in _batches.Where(b => b.Value.Deadline <= now).ToArray())
            Finish(id, batch, new RequestFailed(batch.Request, default, "optimizer",
                $"{batch.Remaining} parameter(s) did not answer within {timeout.TotalSeconds:0.###} s"), tell);
    }

    private void Finish(long id, Batch batch, IReply answer, Action<IActorRef, IReply> tell)
    {
        _batches.Remove(id);
        tell(batch.Requester, answer);
    }

    private sealed class Batch(IActorRef requester, long request, int expected, long deadline)
    {
        public IActorRef Requester { get; } = requester;
        public long Request { get; } = request;
        public long Deadline { get; } = deadline;
        public int Remaining { get; set; } = expected;
        public int Updated { get; set; }
        public int Skipped { get; set; }
    }
}
