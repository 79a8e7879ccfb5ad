using Autograd.Client;

namespace Autograd.Client.Tests.Cluster;

/// <summary>One embedded engine per member count, started on first use and shared by a test class.</summary>
public sealed class EmbeddedClusters : IAsyncLifetime
{
    private readonly Dictionary<int, Task<AutogradEngine>> _engines = new();
    private readonly Lock _lock = new();

    public Task<AutogradEngine> WithMembers(int members)
    {
        lock (_lock)
        {
            if (!_engines.TryGetValue(members, out var engine))
                _engines[members] = engine = AutogradEngine.StartEmbeddedAsync(new EmbeddedOptions
                {
                    Members = members,
                    SerializeMessages = true,
                    Timeout = TimeSpan.FromSeconds(20),
                });
            return engine;
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var engine in _engines.Values)
            await (await engine).DisposeAsync();
    }
}
