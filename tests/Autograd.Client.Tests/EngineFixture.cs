using Autograd.Client;

namespace Autograd.Client.Tests;

/// <summary>
/// One embedded engine for the whole test project, with every message round-tripped through
/// the wire serializer (proving the protocol could cross members). Each test uses its own session.
/// </summary>
public sealed class EngineFixture : IAsyncLifetime
{
    public AutogradEngine Engine { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Engine = await AutogradEngine.StartEmbeddedAsync(
            new EmbeddedOptions { SerializeMessages = true, Timeout = TimeSpan.FromSeconds(10) });

    public async Task DisposeAsync() => await Engine.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class EngineCollection : ICollectionFixture<EngineFixture>
{
    public const string Name = "engine";
}

internal static class TensorAssert
{
    public static void Close(float[] expected, Tensor? actual, float tolerance = 1e-5f)
    {
        Assert.NotNull(actual);
        var values = actual.ToArray();
        Assert.Equal(expected.Length, values.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(MathF.Abs(expected[i] - values[i]) <= tolerance * MathF.Max(1f, MathF.Abs(expected[i])),
                $"element {i}: expected {expected[i]}, got {values[i]} (all: {actual})");
    }
}
