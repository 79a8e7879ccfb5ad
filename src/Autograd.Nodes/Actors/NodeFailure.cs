using Autograd.Protocol;

namespace Autograd.Actors;

/// <summary>Why a node has no value: the node where the failure started, its op, and the error.</summary>
internal sealed record NodeFailure(NodeId Origin, string Op, string Message)
{
    public InputFailed ToSubscriber(NodeId subscriber) => new(subscriber, Origin, Op, Message);

    public RequestFailed ToAsker(long request) => new(request, Origin, Op, Message);

    public PassFailed ToTracker(long pass) => new(pass, Origin, Op, Message);
}
