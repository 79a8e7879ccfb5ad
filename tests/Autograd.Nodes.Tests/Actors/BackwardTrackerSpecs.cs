using Akka.Actor;
using Autograd.Actors;
using Autograd.Protocol;
using Xunit.Abstractions;

namespace Autograd.Nodes.Tests.Actors;

public sealed class BackwardTrackerSpecs(ITestOutputHelper output) : NodeSpec(output)
{
    private static readonly NodeId LeafA = new(Guid.Empty, 1);
    private static readonly NodeId LeafB = new(Guid.Empty, 2);

    private (IActorRef Tracker, Task Done) Start(TimeSpan timeout, params IActorRef[] hosts)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tracker = Sys.ActorOf(BackwardTracker.Props(7, [LeafA, LeafB], hosts, timeout, done));
        Watch(tracker);
        return (tracker, done.Task);
    }

    [Fact]
    public async Task Tracker_must_complete_when_every_expected_leaf_reported_and_not_before()
    {
        var (tracker, done) = Start(TimeSpan.FromSeconds(5));
        tracker.Tell(new LeafDone(7, LeafA));
        tracker.Tell(new LeafDone(7, LeafA));  // a duplicate does not count twice
        tracker.Tell(new LeafDone(6, LeafB));  // another pass does not count
        await ExpectNoMsgAsync(Quiet);
        Assert.False(done.IsCompleted);

        tracker.Tell(new LeafDone(7, LeafB));
        await done.WaitAsync(TimeSpan.FromSeconds(3));
        await ExpectTerminatedAsync(tracker);
    }

    [Fact]
    public async Task Tracker_must_fail_the_pass_naming_the_node_and_op_that_failed()
    {
        var (tracker, done) = Start(TimeSpan.FromSeconds(5));
        tracker.Tell(new PassFailed(7, LeafA, "matmul", "boom"));
        var e = await Assert.ThrowsAsync<AutogradException>(() => done.WaitAsync(TimeSpan.FromSeconds(3)));
        Assert.Equal(LeafA, e.Node);
        Assert.Equal("matmul", e.Op);
        Assert.Contains("boom", e.Message);
        await ExpectTerminatedAsync(tracker);
    }

    [Fact]
    public async Task Tracker_must_fail_at_its_deadline_naming_the_leaves_still_missing()
    {
        var (tracker, done) = Start(TimeSpan.FromMilliseconds(300));
        tracker.Tell(new LeafDone(7, LeafA));
        var e = await Assert.ThrowsAsync<TimeoutException>(() => done.WaitAsync(TimeSpan.FromSeconds(3)));
        Assert.Contains(LeafB.ToString(), e.Message);
        Assert.DoesNotContain(LeafA.ToString(), e.Message);
        await ExpectTerminatedAsync(tracker);
    }

    [Fact]
    public async Task Tracker_must_fail_when_a_host_of_the_pass_terminates()
    {
        var host = CreateTestProbe();
        var (tracker, done) = Start(TimeSpan.FromSeconds(5), host.Ref);
        Sys.Stop(host.Ref);
        var e = await Assert.ThrowsAsync<AutogradException>(() => done.WaitAsync(TimeSpan.FromSeconds(3)));
        Assert.Contains("terminated", e.Message);
        await ExpectTerminatedAsync(tracker);
    }
}
