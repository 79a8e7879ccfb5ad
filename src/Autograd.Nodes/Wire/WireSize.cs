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
        AssignValue m => Bytes(m.Value),
        SetParameterState m => m.Tensors.Sum(Bytes),
        ParameterStateValue m => m.Tensors.Sum(Bytes),
        // a pass over a huge graph counts every node: up to 9 + 5 bytes per node
        BackwardPlan m => Bytes(m.Seed?.Value) + m.Seqs.Length * 14L,
        _ => 0,
    };

    /// <summary>What a tensor costs on the wire: a uniform one is written as its one value.</summary>
    private static long Bytes(Tensor? tensor) =>
        tensor is null || tensor.IsUniform(out _) ? 0 : (long)tensor.Count * sizeof(float);
}
