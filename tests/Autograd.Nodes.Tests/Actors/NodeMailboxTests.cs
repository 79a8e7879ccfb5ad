using Akka.Actor;
using Autograd.Actors;

namespace Autograd.Nodes.Tests.Actors;

/// <summary>The node actors' mailbox queue on its own: order, growth, clean-up, concurrent producers.</summary>
public sealed class NodeMailboxTests
{
    [Fact]
    public void Queue_must_hand_out_messages_in_arrival_order_while_it_grows_and_wraps()
    {
        var queue = new NodeMailbox.Queue();
        int next = 0, expected = 0;
        // Interleave enqueues and dequeues so the ring wraps before it grows, several times.
        for (int round = 0; round < 6; round++)
        {
            for (int i = 0; i < 3 + round * 3; i++) queue.Enqueue(ActorRefs.Nobody, new Envelope(next++, ActorRefs.NoSender));
            for (int i = 0; i < 2 + round; i++)
            {
                Assert.True(queue.TryDequeue(out var envelope));
                Assert.Equal(expected++, envelope.Message);
            }
        }
        Assert.Equal(next - expected, queue.Count);
        while (queue.TryDequeue(out var envelope)) Assert.Equal(expected++, envelope.Message);
        Assert.Equal(next, expected);
        Assert.False(queue.HasMessages);
    }

    [Fact]
    public void Queue_must_pass_what_it_still_holds_to_dead_letters_on_clean_up()
    {
        var queue = new NodeMailbox.Queue();
        queue.Enqueue(ActorRefs.Nobody, new Envelope("a", ActorRefs.NoSender));
        queue.Enqueue(ActorRefs.Nobody, new Envelope("b", ActorRefs.NoSender));
        var deadLetters = new NodeMailbox.Queue();
        queue.CleanUp(ActorRefs.Nobody, deadLetters);
        Assert.False(queue.HasMessages);
        Assert.True(deadLetters.TryDequeue(out var first));
        Assert.True(deadLetters.TryDequeue(out var second));
        Assert.Equal(["a", "b"], new[] { first.Message, second.Message });
    }

    [Fact]
    public async Task Queue_must_lose_no_message_from_concurrent_producers()
    {
        var queue = new NodeMailbox.Queue();
        const int producers = 4, each = 20_000;
        var received = new List<int>();
        var producing = Enumerable.Range(0, producers).Select(p => Task.Run(() =>
        {
            for (int i = 0; i < each; i++) queue.Enqueue(ActorRefs.Nobody, new Envelope(p * each + i, ActorRefs.NoSender));
        })).ToArray();
        var produced = Task.WhenAll(producing);
        // Consume while they produce, then drain: the loop ends when the producers are done and the
        // queue is empty, so a lost message shows as a short count, however slowly the producers ran.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            bool allEnqueued = produced.IsCompleted;  // read before the queue: then an empty queue is final
            if (queue.TryDequeue(out var envelope)) received.Add((int)envelope.Message);
            else if (allEnqueued) break;
        }
        await produced;
        Assert.Equal(producers * each, received.Count);
        // Each producer's messages arrive in the order it sent them.
        for (int p = 0; p < producers; p++)
        {
            var mine = received.Where(m => m / each == p).ToList();
            Assert.Equal(Enumerable.Range(p * each, each), mine);
        }
    }
}
