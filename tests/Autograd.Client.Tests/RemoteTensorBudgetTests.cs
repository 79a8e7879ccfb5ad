using Autograd.Client.Graph;

namespace Autograd.Client.Tests;

/// <summary>When a remote client collects garbage to release its members' tensors (a recording collector stands in for the GC).</summary>
public class RemoteTensorBudgetTests
{
    [Fact]
    public void A_collection_comes_after_each_budget_of_remote_bytes_and_every_eighth_is_a_full_one()
    {
        var generations = new List<int>();
        var budget = new RemoteTensorBudget(generations.Add);
        long step = 256 << 10;   // about a small MLP step's tensors on the members

        long steps = RemoteTensorBudget.CollectEvery * RemoteTensorBudget.FullEvery / step;
        for (long i = 0; i < steps; i++) budget.Created(step);

        Assert.Equal(RemoteTensorBudget.FullEvery, generations.Count);
        Assert.Equal(Enumerable.Repeat(1, RemoteTensorBudget.FullEvery - 1).Append(2), generations);
    }

    [Fact]
    public void Less_than_a_budget_collects_nothing()
    {
        var generations = new List<int>();
        var budget = new RemoteTensorBudget(generations.Add);

        budget.Created(RemoteTensorBudget.CollectEvery - 1);

        Assert.Empty(generations);
    }
}
