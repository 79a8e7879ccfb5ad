using Autograd.Ops;
using static Autograd.Nodes.Tests.OpRules.OpRunner;

namespace Autograd.Nodes.Tests.OpRules;

public class MatrixOpTests
{
    private static readonly Tensor A = T([1f, 2f, 3f, 4f, 5f, 6f], 2, 3);
    private static readonly Tensor B = T([1f, 0f, 0f, 1f, 1f, 1f], 3, 2);

    [Fact]
    public void Matmul_2d_must_give_dA_as_dC_times_B_transposed_and_dB_as_A_transposed_times_dC()
    {
        var (c, g) = Run(new OpSpec("matmul"), null, A, B);
        Assert.Equal([2, 2], c.Shape);
        Assert.Equal([4f, 5f, 10f, 11f], c.ToArray());
        Assert.Equal([1f, 1f, 2f, 1f, 1f, 2f], g[0]!.ToArray());      // ones(2,2)·Bᵀ
        Assert.Equal([5f, 5f, 7f, 7f, 9f, 9f], g[1]!.ToArray());      // Aᵀ·ones(2,2)
    }

    [Fact]
    public void Matmul_of_vectors_must_follow_pytorch_for_every_1d_case()
    {
        var v3 = T([1f, 2f, 3f], 3);
        var v2 = T([1f, -1f], 2);

        var (dot, gDot) = Run(new OpSpec("matmul"), null, v3, v3);
        Assert.Equal([], dot.Shape);
        Assert.Equal(14f, dot.Item());
        Assert.Equal([1f, 2f, 3f], gDot[1]!.ToArray());

        var (mv, gMv) = Run(new OpSpec("matmul"), null, A, v3);
        Assert.Equal([2], mv.Shape);
        Assert.Equal([14f, 32f], mv.ToArray());
        Assert.Equal([5f, 7f, 9f], gMv[1]!.ToArray());

        var (vm, gVm) = Run(new OpSpec("matmul"), null, v2, A);
        Assert.Equal([3], vm.Shape);
        Assert.Equal([-3f, -3f, -3f], vm.ToArray());
        Assert.Equal([6f, 15f], gVm[0]!.ToArray());
        Assert.Equal([1f, 1f, 1f, -1f, -1f, -1f], gVm[1]!.ToArray());
    }

    [Fact]
    public void Matmul_must_reject_inner_sizes_that_differ_and_batch_dims_that_do_not_broadcast()
    {
        var op = OpTable.Create(new OpSpec("matmul"));
        var e = Assert.Throws<ArgumentException>(() => GradientRules.InferShape(op, [[2, 3], [2, 3]]));
        Assert.Contains("[2, 3] and [2, 3]", e.Message);
        e = Assert.Throws<ArgumentException>(() => GradientRules.InferShape(op, [[2, 2, 3], [3, 3, 2]]));
        Assert.Contains("[2, 2, 3] and [3, 3, 2]", e.Message);
    }

    [Fact]
    public void Transpose_must_swap_the_dims_forward_and_backward()
    {
        var (t, g) = Run(new OpSpec("transpose"), T([1f, 2f, 3f, 4f, 5f, 6f], 3, 2), A);
        Assert.Equal([1f, 4f, 2f, 5f, 3f, 6f], t.ToArray());
        Assert.Equal([1f, 3f, 5f, 2f, 4f, 6f], g[0]!.ToArray());
        Assert.Equal([2, 3], g[0]!.Shape);
    }

    [Fact]
    public void Reshape_must_infer_one_minus_one_and_reshape_the_gradient_back()
    {
        var (y, g) = Run(new OpSpec("reshape", Shape: [-1, 2]), null, A);
        Assert.Equal([3, 2], y.Shape);
        Assert.Equal(A.ToArray(), y.ToArray());
        Assert.Equal([2, 3], g[0]!.Shape);
    }

    [Fact]
    public void Reshape_must_reject_a_size_that_does_not_match_like_pytorch()
    {
        var op = OpTable.Create(new OpSpec("reshape", Shape: [3, 5]));
        var e = Assert.Throws<ArgumentException>(() => GradientRules.InferShape(op, [[3, 4]]));
        Assert.Contains("shape '[3, 5]' is invalid for input of size 12", e.Message);
    }
}
