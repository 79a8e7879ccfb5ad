using MessagePack;

namespace Autograd.Ops;

/// <summary>
/// What an op is, as data: its table name and its arguments. This is what crosses members;
/// <see cref="OpTable.Create"/> turns it back into the <see cref="Op"/> that runs it.
/// </summary>
/// <param name="Name">The op table's name, e.g. "add", "mul_scalar", "sum".</param>
/// <param name="Scalar">The scalar operand of scalar ops (x + c, x * c, c - x, x ^ c).</param>
/// <param name="Dim">The dimension of per-dim ops (may be negative, counting from the end); null for "all".</param>
/// <param name="KeepDim">Per-dim reductions keep the reduced dimension with size 1.</param>
/// <param name="Shape">The target shape of reshape.</param>
/// <param name="Parts">The number of inputs of the n-ary ops (gather, sum_partials, cat; linear: 3 with a bias, 2 without).</param>
/// <param name="Dims">Several dimensions: of a reduction over dims, a permutation, a squeeze.</param>
/// <param name="Start">Where a slice starts (narrow), or the index taken (select).</param>
/// <param name="Length">How long a slice is (narrow).</param>
/// <param name="Min">A lower bound (clamp), if any.</param>
/// <param name="Max">An upper bound (clamp), if any.</param>
/// <param name="Seed">The seed a random op draws from (dropout's mask), so the mask is data and can be drawn again.</param>
/// <param name="Unbiased">Bessel's correction (var, std).</param>
[MessagePackObject]
public sealed record OpSpec(
    [property: Key(0)] string Name,
    [property: Key(1)] float Scalar = 0f,
    [property: Key(2)] int? Dim = null,
    [property: Key(3)] bool KeepDim = false,
    [property: Key(4)] int[]? Shape = null,
    [property: Key(5)] int Parts = 0,
    [property: Key(6)] int[]? Dims = null,
    [property: Key(7)] int Start = 0,
    [property: Key(8)] int Length = 0,
    [property: Key(9)] float? Min = null,
    [property: Key(10)] float? Max = null,
    [property: Key(11)] long Seed = 0,
    [property: Key(12)] bool Unbiased = false)
{
    public override string ToString() => Name;
}
