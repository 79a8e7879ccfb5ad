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
