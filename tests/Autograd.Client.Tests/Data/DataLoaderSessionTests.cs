using Autograd.Client.Data;
using Autograd.Client.Tests.Cluster;

namespace Autograd.Client.Tests.Data;

/// <summary>Batches placed on embedded engines of one and three members.</summary>
public class DataLoaderSessionTests(EmbeddedClusters clusters) : IClassFixture<EmbeddedClusters>
{
    [Theory]
    [InlineData(1, new[] { 1, 1, 1, 1 })]
    [InlineData(3, new[] { 3, 3, 3, 1 })]  // the last batch has one row: replicated
    public async Task Batches_are_leaves_sharded_over_min_of_members_and_rows_holding_the_epochs_rows(int members, int[] shards)
    {
        var engine = await clusters.WithMembers(members);
        await using var session = engine.NewSession();
        var loader = new DataLoader(DataLoaderTests.Numbered(10), 3, shuffle: true, seed: 9);
        var order = loader.Order(4);

        var batches = loader.Batches(session, 4).ToArray();

        Assert.Equal(shards, batches.Select(b => b.Features.Sharding.Shards));
        Assert.Equal(shards, batches.Select(b => b.Labels.Sharding.Shards));
        Assert.Equal([3, 3, 3, 1], batches.Select(b => b.Count));
        for (int b = 0; b < batches.Length; b++)
        {
            var batch = batches[b];
            var rows = order.Skip(3 * b).Take(batch.Count).ToArray();
            Assert.True(batch.Features.IsLeaf && !batch.Features.RequiresGrad && !batch.Labels.RequiresGrad);
            Assert.Equal(Math.Min(members, batch.Count), batch.Features.Placement.Distinct().Count());
            Assert.Equal(batch.Features.Placement, batch.Labels.Placement);  // row i of both on one member
            Assert.Equal([batch.Count, 2], (await batch.Features.DataAsync()).Shape);
            Assert.Equal(rows.SelectMany(i => new float[] { i, -i }), (await batch.Features.DataAsync()).ToArray());
            Assert.Equal(rows.Select(i => (float)(i % 4)), (await batch.Labels.DataAsync()).ToArray());
        }
    }
}
