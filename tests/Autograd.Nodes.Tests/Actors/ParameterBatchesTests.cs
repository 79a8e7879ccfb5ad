using Akka.Actor;
using Autograd.Actors;
using Autograd.Protocol;

namespace Autograd.Nodes.Tests.Actors;

/// <summary>The host's bookkeeping of optimizer steps and zero-grads in flight, without an actor.</summary>
public sealed class ParameterBatchesTests
{
    private static readonly IActorRef Client = new FakeRef("client");
    private static readonly NodeId Node = new(Guid.NewGuid(), 3);
    private readonly List<(IActorRef To, IReply Reply)> _told = [];

    private void Tell(IActorRef to, IReply reply) => _told.Add((to, reply));

    [Fact]
    public void A_batch_answers_the_client_once_when_every_share_has_answered()
    {
        var batches = new ParameterBatches(TimeSpan.FromSeconds(30));
        long id = batches.Start(Client, request: 42, expected: 3);

        Assert.True(batches.TryAnswer(new ParameterStepped(id, Node, Skipped: false), Tell));
        Assert.True(batches.TryAnswer(new ParameterStepped(id, Node, Skipped: true), Tell));
        Assert.Empty(_told);
        Assert.True(batches.TryAnswer(new ParameterStepped(id, Node, Skipped: false), Tell));

        Assert.Equal([(Client, (IReply)new ParametersDone(42, 2, 1))], _told);
        Assert.Equal(0, batches.Count);
        Assert.False(batches.TryAnswer(new ParameterStepped(id, Node, false), Tell));   // late: not a share any more
    }

    [Fact]
    public void The_first_failure_answers_the_client_with_its_request_id_and_ends_the_batch()
    {
        var batches = new ParameterBatches(TimeSpan.FromSeconds(30));
        long id = batches.Start(Client, request: 7, expected: 2);

        batches.TryAnswer(new Rejected(id, "StepParameter", "not a parameter"), Tell);

        Assert.Equal([(Client, (IReply)new Rejected(7, "StepParameter", "not a parameter"))], _told);
        Assert.False(batches.TryAnswer(new GradZeroed(id, Node), Tell));
    }

    [Fact]
    public void A_batch_past_its_deadline_is_answered_with_a_failure_naming_the_missing_shares()
    {
        var batches = new ParameterBatches(TimeSpan.Zero);
        long id = batches.Start(Client, request: 9, expected: 2);
        batches.TryAnswer(new GradZeroed(id, Node), Tell);

        batches.Expire(Tell);

        var (to, reply) = Assert.Single(_told);
        Assert.Equal(Client, to);
        Assert.Contains("1 parameter(s) did not answer", Assert.IsType<RequestFailed>(reply).Message);
        Assert.Equal(9, reply.Request);
    }

    [Fact]
    public void Batch_ids_never_collide_with_a_clients_request_ids()
    {
        var batches = new ParameterBatches(TimeSpan.FromSeconds(1));
        Assert.True(batches.Start(Client, 1, 1) < 0);
        Assert.False(batches.TryAnswer(new GradZeroed(1, Node), Tell));
    }
}
