using Akka.Actor;
using Autograd.Access;
using Autograd.Actors;
using Autograd.Protocol;

namespace Autograd.Client.Tests;

/// <summary>
/// A client takes answers only from the cluster's members: its reply inbox and backward tracker
/// ignore replies and backward failures from anyone else (counted and logged), however well they
/// guess request and pass ids. Senders are given as the paths Akka.Remote would deliver them with.
/// </summary>
public sealed class ForgedAnswerSpecs : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(200);
    private static readonly IActorRef MemberNode = new At("akka.tcp://autograd@10.0.0.2:4053/user/autograd-nodes/$b");
    private static readonly IActorRef Outsider = new At("akka.tcp://autograd-client@10.0.0.66:5000/temp/$a");
    private static readonly NodeId Node = new(Guid.NewGuid(), 1);

    private readonly MemberAddresses _members = new([MemberNode.Path.Address]);
    private readonly List<string> _lines = [];
    private readonly RefusalLog _refusals;

    public ForgedAnswerSpecs() => _refusals = new RefusalLog((_, line) => _lines.Add(line), TimeSpan.FromSeconds(10));

    /// <summary>A sender that is only a path.</summary>
    private sealed class At(string path) : MinimalActorRef
    {
        public override ActorPath Path { get; } = ActorPath.Parse(path);

        public override IActorRefProvider Provider => throw new InvalidOperationException("not an actor");
    }

    [Fact]
    public async Task The_reply_inbox_ignores_forged_replies_and_takes_the_members_answer()
    {
        var inbox = new ReplyInbox(Sys, TimeSpan.FromSeconds(10), _members, _refusals);
        var host = CreateTestProbe();
        var answer = inbox.Request(host.Ref, r => new GetValue(Node, r), () => "GetValue");
        var request = (await host.ExpectMsgAsync<GetValue>()).Request;

        inbox.Tell(new NodeValue(request, Node, Tensor.Scalar(666)), Outsider);
        inbox.Tell(new RequestFailed(request, Node, "x", "forged"), Outsider);
        inbox.Tell(new NodeValue(request, Node, Tensor.Scalar(666)), ActorRefs.NoSender);  // from a remote system, this arrives as dead letters
        await Task.Delay(Quiet);
        Assert.False(answer.IsCompleted, "a forged reply completed the request");

        inbox.Tell(new NodeValue(request, Node, Tensor.Scalar(1)), MemberNode);
        Assert.Equal(1f, ((NodeValue)await answer.WaitAsync(RemainingOrDefault)).Value.Item());
        Assert.Equal(3, _refusals.Refused);
        Assert.Contains(Outsider.Path.ToString(), Assert.Single(_lines, l => l.Contains("10.0.0.66")));
        inbox.Stop();
    }

    [Fact]
    public async Task A_members_bundle_answers_its_replies_and_hands_the_pass_report_to_the_tracker_and_an_outsiders_is_ignored()
    {
        var tracker = CreateTestProbe();
        var inbox = new ReplyInbox(Sys, TimeSpan.FromSeconds(10), _members, _refusals) { Tracker = tracker.Ref };
        var host = CreateTestProbe();
        var step = inbox.Request(host.Ref, r => new ZeroGrads(Node.Session, r, [1]), () => "zero_grad");
        var request = (await host.ExpectMsgAsync<ZeroGrads>()).Request;
        var report = new LeavesDone(7, Node.Session, [1, 2]);

        inbox.Tell(new Bundle([new ParametersDone(request, 1, 0), report]), Outsider);
        await tracker.ExpectNoMsgAsync(Quiet);
        Assert.False(step.IsCompleted, "an outsider's bundle answered a request");
        Assert.Equal(1, _refusals.Refused);

        inbox.Tell(new Bundle([new ParametersDone(request, 1, 0), report]), MemberNode);
        Assert.Equal(1, ((ParametersDone)await step.WaitAsync(RemainingOrDefault)).Updated);
        Assert.Same(report, await tracker.ExpectMsgAsync<LeavesDone>());
        Assert.Equal(MemberNode, tracker.LastSender);   // the tracker checks the member as it would a lone report
        inbox.Stop();
    }

    [Fact]
    public async Task The_reply_inbox_takes_answers_from_its_own_systems_actors()
    {
        var inbox = new ReplyInbox(Sys, TimeSpan.FromSeconds(10), _members, _refusals);
        var host = CreateTestProbe();
        var answer = inbox.Request(host.Ref, r => new GetValue(Node, r), () => "GetValue");
        var request = (await host.ExpectMsgAsync<GetValue>()).Request;

        host.Reply(new NodeValue(request, Node, Tensor.Scalar(2)));  // an embedded member's node answers locally

        Assert.Equal(2f, ((NodeValue)await answer.WaitAsync(RemainingOrDefault)).Value.Item());
        inbox.Stop();
    }

    [Fact]
    public async Task The_backward_tracker_ignores_forged_failures_and_failures_naming_another_session()
    {
        var tracker = new BackwardTracker(Sys, TimeSpan.FromSeconds(10), _members, _refusals);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        tracker.Track(1, [Node], [], done);

        tracker.Tell(new PassFailed(1, Node, "exp", "forged"), Outsider);
        tracker.Tell(new LeafDone(1, Node), Outsider);                                         // nor a forged completion
        tracker.Tell(new PassFailed(1, new NodeId(Guid.NewGuid(), 3), "exp", "another session's failure"), MemberNode);
        await Task.Delay(Quiet);
        Assert.False(done.Task.IsCompleted, "a forged report ended the pass");

        tracker.Tell(new LeafDone(1, Node), MemberNode);
        await done.Task.WaitAsync(RemainingOrDefault);
        Assert.Equal(2, _refusals.Refused);
        tracker.Stop();
    }

    [Fact]
    public async Task The_backward_tracker_still_fails_a_pass_on_a_members_failure_of_its_session()
    {
        var tracker = new BackwardTracker(Sys, TimeSpan.FromSeconds(10), _members, _refusals);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        tracker.Track(1, [Node], [], done);

        tracker.Tell(new PassFailed(1, Node with { Seq = 9 }, "exp", "boom"), MemberNode);

        var e = await Assert.ThrowsAsync<AutogradException>(() => done.Task.WaitAsync(RemainingOrDefault));
        Assert.Contains("boom", e.Message);
        tracker.Stop();
    }
}
