using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Autograd.Tensors;

/// <summary>
/// Dropout's mask as a pure function of (seed, element index), so it is data: the VJP draws the
/// same mask again, and a row shard that knows its first row draws exactly its rows of the whole
/// tensor's mask. The hash is SplitMix64's output for draw number index + 1 from state seed:
/// <code>
/// z = seed + (index + 1) · 0x9E3779B97F4A7C15                      (mod 2^64)
/// z = (z ^ (z >> 30)) · 0xBF58476D1CE4E5B9;  z = (z ^ (z >> 27)) · 0x94D049BB133111EB;  z ^= z >> 31
/// </code>
/// and element <c>index</c> (its row-major position in the whole, unsharded tensor) is dropped when
/// <c>(z >> 40) &lt; ceil(p · 2^24)</c>, i.e. when the top 24 bits, as a uniform number in [0, 1), are
/// below p. Kept elements are scaled by 1/(1−p), as PyTorch. The golden generator
/// (tests/Autograd.Nodes.Tests/Golden/dropout_mask.py) implements the same hash in Python.
/// </summary>
public static class DropoutMask
{
    private const ulong Gamma = 0x9E3779B97F4A7C15, Mix1 = 0xBF58476D1CE4E5B9, Mix2 = 0x94D049BB133111EB;

    /// <summary>SplitMix64 of (seed, index): 64 well-mixed bits.</summary>
    public static ulong Hash(long seed, long index)
    {
        ulong z = unchecked((ulong)seed + ((ulong)index + 1) * Gamma);
        z = (z ^ (z >> 30)) * Mix1;
        z = (z ^ (z >> 27)) * Mix2;
        return z ^ (z >> 31);
    }

    /// <summary>The elements whose 24-bit draw is below this count are dropped: ceil(p · 2^24), exact for a float32 p.</summary>
    public static ulong DropThreshold(float p) => (ulong)Math.Ceiling((double)p * (1 << 24));

    /// <summary>What a kept element is multiplied by: 1/(1−p); 0 when p = 1 (everything is dropped).</summary>
    public static float Scale(float p) => p < 1f ? 1f / (1f - p) : 0f;

    /// <summary>True when element <paramref name="index"/> survives dropout with probability <paramref name="p"/> of being dropped.</summary>
    public static bool Keeps(long seed, long index, float p) => Hash(seed, index) >> 40 >= DropThreshold(p);

    /// <summary>
    /// <paramref name="into"/>[i] = the scale if element <paramref name="first"/> + i is kept, else 0: the
    /// factor x is multiplied by, forward and backward.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Fill(long seed, long first, float p, Span<float> into)
    {
        ulong threshold = DropThreshold(p);
        float scale = Scale(p);
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            // 16 elements a step: two vectors of 8 hashes, each lane the scale's bits or 0, narrowed to 16 floats.
            var lanes = Vector512.Create(0UL, 1, 2, 3, 4, 5, 6, 7);
            var limit = Vector512.Create(threshold);
            var scaleBits = Vector512.Create((ulong)BitConverter.SingleToUInt32Bits(scale));
            for (; i <= into.Length - 16; i += 16)
            {
                var low = Kept(seed, first + i, lanes, limit) & scaleBits;
                var high = Kept(seed, first + i + 8, lanes, limit) & scaleBits;
                Vector512.Narrow(low, high).AsSingle().CopyTo(into[i..]);
            }
        }
        for (; i < into.Length; i++)
            into[i] = Hash(seed, first + i) >> 40 >= threshold ? scale : 0f;
    }

    /// <summary>All ones in the lanes of elements start + lane that are kept.</summary>
    private static Vector512<ulong> Kept(long seed, long start, Vector512<ulong> lanes, Vector512<ulong> limit)
    {
        var z = Vector512.Create(unchecked((ulong)seed)) + (Vector512.Create((ulong)start + 1) + lanes) * Vector512.Create(Gamma);
        z = (z ^ (z >>> 30)) * Vector512.Create(Mix1);
        z = (z ^ (z >>> 27)) * Vector512.Create(Mix2);
        z ^= z >>> 31;
        return Vector512.GreaterThanOrEqual(z >>> 40, limit);
    }
}
