using Autograd.Client.Nn;

namespace Autograd.Client.Tests.Nn;

/// <summary>nn.Embedding as PyTorch's: the weight's name, shape and N(0, 1) initialisation, lookups of any shape, gradients that accumulate.</summary>
[Collection(EngineCollection.Name)]
public sealed class EmbeddingTests(EngineFixture fixture)
{
    [Fact]
    public async Task An_Embedding_has_one_weight_named_as_PyTorchs_drawn_from_a_standard_normal_of_the_sessions_seed()
    {
        await using var s = fixture.Engine.NewSession();
        s.ManualSeed(3);
        var embedding = new Embedding(s, 100, 50);
        s.ManualSeed(3);
        var again = new Embedding(s, 100, 50);

        Assert.Equal(["weight"], embedding.StateDict().Keys);
        Assert.Equal([100, 50], embedding.Weight.Shape);
        Assert.True(embedding.Weight.IsLeaf && embedding.Weight.RequiresGrad);
        var w = (await embedding.Weight.DataAsync()).ToArray();
        Assert.Equal(w, (await again.Weight.DataAsync()).ToArray());
        double mean = w.Average(), std = Math.Sqrt(w.Average(v => (v - mean) * (v - mean)));
        Assert.InRange(mean, -0.05, 0.05);   // 5000 samples: the standard error is 0.014
        Assert.InRange(std, 0.95, 1.05);
    }

    [Fact]
    public async Task A_lookup_gives_the_rows_in_the_indices_shape_and_repeated_rows_accumulate_their_gradients()
    {
        await using var s = fixture.Engine.NewSession();
        var embedding = new Embedding(s, 4, 3);
        var weight = await embedding.Weight.DataAsync();
        var ids = s.Variable(Tensor.FromArray([1f, 3f, 1f, 0f, 1f, 1f], 2, 3));

        var output = embedding.Forward(ids);
        await output.Sum().BackwardAsync();

        Assert.Equal([2, 3, 3], output.Shape);
        var rows = weight.ToArray();
        TensorAssert.Close([.. new[] { 1, 3, 1, 0, 1, 1 }.SelectMany(k => rows.Skip(3 * k).Take(3))], await output.DataAsync());
        // row k's gradient is the number of times k was looked up; row 2 never was
        TensorAssert.Close([1, 1, 1, 4, 4, 4, 0, 0, 0, 1, 1, 1], await embedding.Weight.GradAsync());
    }

    [Fact]
    public async Task A_row_sharded_batch_of_indices_is_looked_up_shard_by_shard()
    {
        await using var s = fixture.Engine.NewSession();
        var embedding = new Embedding(s, 5, 2);
        var ids = Tensor.FromArray([4f, 0f, 2f, 2f, 1f, 4f], 6);

        var sharded = embedding.Forward(s.Variable(ids, sharding: Sharding.Rows(3)));
        var whole = embedding.Forward(s.Variable(ids));

        Assert.Equal(Sharding.Rows(3), sharded.Sharding);
        TensorAssert.Close((await whole.DataAsync()).ToArray(), await sharded.DataAsync());
    }

    [Fact]
    public async Task An_index_outside_the_table_fails_naming_the_op_the_position_and_the_value()
    {
        await using var s = fixture.Engine.NewSession();
        var embedding = new Embedding(s, 3, 2);

        var output = embedding.Forward(s.Variable(Tensor.FromArray([0f, 2f, 3f], 3)));

        var e = await Assert.ThrowsAsync<AutogradException>(() => output.DataAsync());
        Assert.Contains("index_select", e.Message);
        Assert.Contains("index 3 at position 2", e.Message);
    }
}
