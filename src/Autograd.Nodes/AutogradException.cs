using Autograd.Protocol;

namespace Autograd;

/// <summary>
/// A failure inside the engine (a kernel threw, a gradient rule failed, a member left),
/// surfaced on the awaited call. Names the node and op where it started.
/// </summary>
public sealed class AutogradException : Exception
{
    public AutogradException(string message, NodeId? node = null, string? op = null, Exception? inner = null)
        : base(message, inner)
    {
        Node = node;
        Op = op;
    }

    /// <summary>The node where the failure started, when one is known.</summary>
    public NodeId? Node { get; }

    /// <summary>The op of that node ("leaf" for leaves), when known.</summary>
    public string? Op { get; }
}
