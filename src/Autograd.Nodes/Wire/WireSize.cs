using Autograd.Protocol;

namespace Autograd.Wire;

/// <summary>
/// The bytes of tensor data (and large arrays) a message carries: a cheap estimate of its
/// serialized size, so small messages are never serialized twice just to learn they fit in a frame.
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
        // a pass over a huge graph counts every node: up to 9 + 5 bytes per node
        BackwardPlan m => Bytes(m.Seed?.Value) + m.Seqs.Length * 14L,
        _ => 0,
    };

    private static long Bytes(Tensor? tensor) => tensor is null ? 0 : (long)tensor.Count * sizeof(float);
}
