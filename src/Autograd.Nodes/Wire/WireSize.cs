using Autograd.Protocol;

namespace Autograd.Wire;

/// <summary>
/// The bytes of tensor data a message carries: a cheap lower bound of its serialized size,
/// so small messages are never serialized twice just to learn they fit in a frame.
/// </summary>
public static class WireSize
{
    public static long TensorBytes(object message) => message switch
    {
        InputValue m => Bytes(m.Value),
        Gradient m => Bytes(m.Value),
        NodeValue m => Bytes(m.Value),
        NodeGrad m => Bytes(m.Grad),
        CreateLeaf m => Bytes(m.Value),
        _ => 0,
    };

    private static long Bytes(Tensor? tensor) => tensor is null ? 0 : (long)tensor.Count * sizeof(float);
}
