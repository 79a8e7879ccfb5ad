using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Configs;
using Autograd.Actors;
using Autograd.Protocol;
using Xunit.Abstractions;

namespace Autograd.Nodes.Tests.Actors;

/// <summary>
/// The tracker's deadlines run on Akka's test scheduler: time moves only when a spec advances it, so
/// a report made "before the deadline" is before it however slowly the machine runs, and no pass
/// times out while a spec waits for something else.
/// </summary>
public sealed class BackwardTrackerSpecs(ITestOutputHelper output) : NodeSpec(output, config: TestConfigs.TestSchedulerConfig)
{
    private static readonly NodeId LeafA = new(Guid.Empty, 1);
    private static readonly NodeId LeafB = new(Guid.Empty, 2);

    private TestScheduler Clock => (TestScheduler)Sys.Scheduler;

    private (BackwardTracker Tracker, Task Done) Start(TimeSpan timeout, long pass = 7, params IActorRef[] hosts)
    {
        var tracker = new BackwardTracker(Sys, timeout);
        return (tracker, Track(tracker, pass, hosts));
    }

    private static Task Track(BackwardTracker tracker, long pass, params IActorRef[] hosts)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        tracker.Track(pass, [LeafA, LeafB], hosts, done);
        return done.Task;
    }

    [Fact]
    public async Task Tracker_must_complete_a_pass_when_every_expected_leaf_reported_and_not_before()
    {
        var (tracker, done) = Start(TimeSpan.FromSeconds(5));
        tracker.Tell(new LeafDone(7, LeafA));
        tracker.Tell(new LeafDone(7, LeafA));  // a duplicate does not count twice
        tracker.Tell(new LeafDone(6, LeafB));  // another pass does not count
        await Task.Delay(Quiet);
        Assert.False(done.IsCompleted);

        tracker.Tell(new LeafDone(7, LeafB));
        await done.WaitAsync(RemainingOrDefault);
        Assert.Equal(0, tracker.PassesInFlight);
    }

    [Fact]
    public async Task Reports_through_a_serialized_tracker_path_reach_the_tracker()
    {
        var (tracker, done) = Start(TimeSpan.FromSeconds(5));
        var resolved = ((ExtendedActorSystem)Sys).Provider.ResolveActorRef(Akka.Serialization.Serialization.SerializedActorPath(tracker));
        resolved.Tell(new LeafDone(7, LeafA));
        resolved.Tell(new LeafDone(7, LeafB));
        await done.WaitAsync(RemainingOrDefault);
    }

    [Fact]
    public async Task Tracker_must_follow_passes_independently()
    {
        var (tracker, first) = Start(TimeSpan.FromSeconds(5), pass: 1);
        var second = Track(tracker, 2);
        tracker.Tell(new PassFailed(2, LeafA, "exp", "boom"));
        await Assert.ThrowsAsync<AutogradException>(() => second.WaitAsync(RemainingOrDefault));
        tracker.Tell(new LeafDone(1, LeafA));
        tracker.Tell(new LeafDone(1, LeafB));
        await first.WaitAsync(RemainingOrDefault);
    }

    [Fact]
    public async Task Tracker_must_fail_the_pass_naming_the_node_and_op_that_failed()
    {
        var (tracker, done) = Start(TimeSpan.FromSeconds(5));
        tracker.Tell(new PassFailed(7, LeafA, "matmul", "boom"));
        var e = await Assert.ThrowsAsync<AutogradException>(() => done.WaitAsync(RemainingOrDefault));
        Assert.Equal(LeafA, e.Node);
        Assert.Equal("matmul", e.Op);
        Assert.Contains("boom", e.Message);
    }

    [Fact]
    public async Task Tracker_must_fail_at_the_deadline_naming_the_leaves_still_missing()
    {
        var timeout = TimeSpan.FromSeconds(5);
        var (tracker, done) = Start(timeout);
        tracker.Tell(new LeafDone(7, LeafA));
        Clock.Advance(timeout - TimeSpan.FromMilliseconds(1));
        Assert.False(done.IsCompleted);  // not before the deadline

        Clock.Advance(TimeSpan.FromMilliseconds(1));  // runs the deadline on this thread
        Assert.True(done.IsFaulted, "the pass is still open after its deadline");
        var e = await Assert.ThrowsAsync<TimeoutException>(() => done);
        Assert.Contains(LeafB.ToString(), e.Message);
        Assert.DoesNotContain(LeafA.ToString(), e.Message);
    }

    [Fact]
    public async Task Tracker_must_fail_the_passes_of_a_host_that_terminates()
    {
        var host = CreateTestProbe();
        var (_, done) = Start(TimeSpan.FromSeconds(5), hosts: host.Ref);
        Sys.Stop(host.Ref);
        var e = await Assert.ThrowsAsync<AutogradException>(() => done.WaitAsync(RemainingOrDefault));
        Assert.Contains("terminated", e.Message);
    }

    [Fact]
    public async Task Tracker_must_fail_what_it_still_follows_when_it_stops()
    {
        var (tracker, done) = Start(TimeSpan.FromSeconds(5));
        tracker.Stop();
        var e = await Assert.ThrowsAsync<AutogradException>(() => done.WaitAsync(RemainingOrDefault));
        Assert.Contains("abandoned", e.Message);
    }
}
