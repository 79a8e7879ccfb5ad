using System.Text.Json;

namespace Autograd.Host.Tests;

public class GcSettingsTests
{
    /// <summary>
    /// The Host runs with a blocking gen2 and ConserveMemory so large tensors reuse mapped memory
    /// (why: src/Autograd.Client/buildTransitive/Autograd.Client.props). The settings live in the runtimeconfig the
    /// build writes beside the Host, which the build also copies here.
    /// </summary>
    [Fact]
    public void The_host_must_run_with_a_blocking_gen2_and_conserve_memory_for_large_tensors()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Autograd.Host.runtimeconfig.json");
        using var config = JsonDocument.Parse(File.ReadAllText(path));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");
        Assert.False(properties.GetProperty("System.GC.Concurrent").GetBoolean());
        Assert.Equal(5, properties.GetProperty("System.GC.ConserveMemory").GetInt32());
    }
}
