namespace Autograd.Tensors;

/// <summary>Arrays for kernel results.</summary>
internal static class Buffers
{
    /// <summary>
    /// An array for a result whose every element the caller writes: left uninitialized, because
    /// zeroing a 64 MB array is a full extra pass over memory that is overwritten at once.
    /// </summary>
    public static float[] Uninitialized(int count) => GC.AllocateUninitializedArray<float>(count);
}
