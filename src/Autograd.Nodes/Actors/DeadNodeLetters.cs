using Akka.Actor;
using Akka.Event;
using Autograd.Protocol;

namespace Autograd.Actors;

/// <summary>
/// Hands the node host the dead letters addressed to its node actors: messages that reached a node
/// actor after it stopped (left in its mailbox, or routed to it before the host learned it had
/// stopped). The host answers them as for a node that is gone, so a caller never waits for its
/// deadline because of a stop. Subscribed to the event stream as a ref that filters on the
/// publishing thread, so the host's mailbox sees only its own children's letters.
/// </summary>
internal sealed class DeadNodeLetters : MinimalActorRef
{
    private readonly ActorSystem _system;
    private readonly IActorRef _host;

    public DeadNodeLetters(ActorSystem system, IActorRef host)
    {
        _system = system;
        _host = host;
        Provider = ((ExtendedActorSystem)system).Provider;
        Path = Provider.TempPath();
        system.EventStream.Subscribe(this, typeof(DeadLetter));
    }

    public override ActorPath Path { get; }

    public override IActorRefProvider Provider { get; }

    protected override void TellInternal(object message, IActorRef sender)
    {
        if (message is DeadLetter { Message: INodeMessage node } letter && letter.Recipient.Path.Parent.Equals(_host.Path))
            _host.Tell(new Letter(node, letter.Sender, letter.Recipient), this);
    }

    public override void Stop() => _system.EventStream.Unsubscribe(this);

    /// <summary>A message for node actor <paramref name="Recipient"/> that went to dead letters. Local only.</summary>
    public sealed record Letter(INodeMessage Message, IActorRef Sender, IActorRef Recipient) : INoSerializationVerificationNeeded;
}
