namespace Autograd.Client.Tests.EndToEnd;

/// <summary>
/// One embedded engine shared by every end-to-end test class in the collection: starting an
/// actor system per test would dominate the suite's time. Each test opens its own session,
/// so tests never see each other's nodes.
/// </summary>
public sealed class EmbeddedEngineFixture : IAsyncLifetime
{
    private AutogradEngine? _engine;

    public AutogradEngine Engine => _engine ?? throw new InvalidOperationException("the engine has not started");

    public async Task InitializeAsync() => _engine = await AutogradEngine.StartEmbeddedAsync();

    public async Task DisposeAsync()
    {
        if (_engine is not null) await _engine.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class EmbeddedEngineCollection : ICollectionFixture<EmbeddedEngineFixture>
{
    public const string Name = "embedded engine";
}
