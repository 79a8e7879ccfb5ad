using Akka.Actor;
using Autograd.Protocol;

namespace Autograd.Actors;

/// <summary>
/// What the tracker knows of one backward pass: the leaves still to report, the hosts involved,
/// and the task to complete once. Plain logic; the tracker actor only feeds it messages.
/// </summary>
internal sealed class PassProgress(long pass, IEnumerable<NodeId> expectedLeaves, IActorRef[] hosts, TaskCompletionSource done)
{
    private readonly HashSet<NodeId> _pending = [.. expectedLeaves];

    public long Pass { get; } = pass;

    /// <summary>The session of the pass's leaves: a failure reported from another session is not this pass's.</summary>
    public Guid Session { get; } = expectedLeaves.FirstOrDefault().Session;

    public IReadOnlyList<IActorRef> Hosts { get; } = hosts;

    public int Pending => _pending.Count;

    public ICancelable? Deadline { get; set; }

    public bool IsFinished => done.Task.IsCompleted;

    /// <summary>
    /// A leaf reported (duplicates and unknown leaves are ignored); true when that was the last one.
    /// Does not complete the task, so a caller holding a lock can complete it after releasing it.
    /// </summary>
    public bool Report(NodeId leaf) => _pending.Remove(leaf) && _pending.Count == 0;

    /// <summary>Completes the pass if nothing is pending (a pass with no leaves completes at once).</summary>
    public bool Complete() => _pending.Count == 0 && done.TrySetResult();

    public void Fail(Exception failure) => done.TrySetException(failure);

    /// <summary>The deadline passed: names (up to ten of) the leaves that never reported.</summary>
    public void TimedOut(TimeSpan timeout)
    {
        var missing = string.Join(", ", _pending.Take(10)) + (_pending.Count > 10 ? ", ..." : "");
        Fail(new TimeoutException(
            $"backward pass {Pass} did not complete within {timeout.TotalSeconds:0.###} s; " +
            $"{_pending.Count} leaves never reported: {missing}"));
    }
}
