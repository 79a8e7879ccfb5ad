namespace Autograd.Protocol;

/// <summary>
/// Marker for every message that may cross members. The HOCON in <see cref="AutogradConfig"/>
/// binds it to <see cref="Serialization.AutogradSerializer"/>, so each one must be a
/// MessagePack contract registered in <see cref="Serialization.ProtocolManifests"/>.
/// </summary>
public interface IAutogradMessage;

/// <summary>A message addressed to one graph node; a node host routes it by <see cref="Node"/>.</summary>
public interface INodeMessage : IAutogradMessage
{
    NodeId Node { get; }
}

/// <summary>
/// A question to a node; the answer goes to the sender and echoes <see cref="Request"/>, so one
/// client-side inbox can take the answers to many questions.
/// </summary>
public interface INodeRequest : INodeMessage
{
    long Request { get; }
}

/// <summary>A question to a node host about several nodes of one session, answered once for all of them.</summary>
public interface IHostRequest : IAutogradMessage
{
    Guid Session { get; }

    long Request { get; }
}

/// <summary>An answer to an <see cref="INodeRequest"/> or an <see cref="IHostRequest"/>.</summary>
public interface IReply : IAutogradMessage
{
    long Request { get; }
}
