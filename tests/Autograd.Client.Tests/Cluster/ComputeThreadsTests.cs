using Autograd.Client;

namespace Autograd.Client.Tests.Cluster;

/// <summary>
/// Where node actors run in an embedded engine: on the .NET thread pool, where the client's own
/// continuations run too (a member process gives them threads of their own: MemberHostTests).
/// </summary>
public class ComputeThreadsTests
{
    [Fact]
    public async Task An_embedded_engine_runs_node_actors_on_the_thread_pool()
    {
        await using var engine = await AutogradEngine.StartEmbeddedAsync();
        Assert.Equal("thread-pool-executor", engine.System.Settings.Config.GetString($"{AutogradConfig.ComputeDispatcher}.executor"));
        var onPool = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        engine.System.Dispatchers.Lookup(AutogradConfig.ComputeDispatcher).Schedule(() => onPool.SetResult(Thread.CurrentThread.IsThreadPoolThread));
        Assert.True(await onPool.Task.WaitAsync(TimeSpan.FromSeconds(30)));
    }
}
