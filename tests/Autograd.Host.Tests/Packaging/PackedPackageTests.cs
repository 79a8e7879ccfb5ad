using Autograd.DeployScripts;

namespace Autograd.Host.Tests.Packaging;

/// <summary>
/// The library as a user's application gets it: `dotnet pack` makes the packages, a fresh console app
/// references Autograd.Client from them (PackageReference, a local folder source), trains a few steps,
/// and runs with the engine's runtime settings, which travel in the package's buildTransitive props.
/// </summary>
public sealed class PackedPackageTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(5);
    private readonly string _work = Path.Combine(Path.GetTempPath(), $"autograd-pack-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_work)) Directory.Delete(_work, recursive: true);
    }

    [Fact]
    public async Task An_app_built_against_the_packed_packages_trains_with_the_engines_runtime_settings()
    {
        string root = ChildProcess.RepositoryRoot(), packages = Path.Combine(_work, "packages"), app = Path.Combine(_work, "app");
        // a version of its own, so no copy an earlier run left in the NuGet cache stands in for this build
        string version = $"0.1.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        foreach (var project in new[] { "src/Autograd.Nodes/Autograd.Nodes.csproj", "src/Autograd.Client/Autograd.Client.csproj" })
            await Dotnet(root, "pack", Path.Combine(root, project), "-c", "Release", "--no-build", "-o", packages, $"-p:PackageVersion={version}");
        Assert.True(File.Exists(Path.Combine(packages, $"Autograd.Client.{version}.nupkg")));

        Directory.CreateDirectory(app);
        await File.WriteAllTextAsync(Path.Combine(app, "app.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Autograd.Client" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
        // the local folder beside the machine's usual sources (no <clear/>: Akka and the rest restore as usual)
        await File.WriteAllTextAsync(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="autograd-local" value="{packages}" />
              </packageSources>
            </configuration>
            """);
        // an empty Directory.Build.props: the app must not pick up this repository's settings from /tmp's parents
        await File.WriteAllTextAsync(Path.Combine(app, "Directory.Build.props"), "<Project />");
        await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), """
            using Autograd;
            using Autograd.Client;
            using Autograd.Client.Nn;
            using Autograd.Client.Optim;

            await using var engine = await AutogradEngine.StartEmbeddedAsync();
            await using var s = engine.NewSession();
            s.ManualSeed(1);
            var model = new Sequential(new Linear(s, 2, 8), new ReLU(), new Linear(s, 8, 3));
            var sgd = new Sgd(model.Parameters(), lr: 0.5f);
            var x = s.Variable(Tensor.FromArray([0f, 0f, 0f, 1f, 1f, 0f, 1f, 1f], 4, 2));
            var y = s.Variable(Tensor.FromArray([0f, 1f, 2f, 1f], 4));
            float first = 0, last = 0;
            for (int step = 0; step < 50; step++)
            {
                await sgd.ZeroGradAsync();
                var loss = model.Forward(x).CrossEntropy(y);
                await loss.BackwardAsync();
                await sgd.StepAsync();
                last = await loss.ItemAsync();
                if (step == 0) first = last;
            }
            Console.WriteLine($"loss {first:0.0000} -> {last:0.0000}");
            Console.WriteLine($"concurrent gc {System.Runtime.GCSettings.LatencyMode != System.Runtime.GCLatencyMode.Batch}");
            Console.WriteLine($"conserve memory {AppContext.GetData("System.GC.ConserveMemory")}");
            Console.WriteLine($"call counting delay {AppContext.GetData("System.Runtime.TieredCompilation.CallCountingDelayMs")}");
            Console.WriteLine($"thread pool spin {AppContext.GetData("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit")}");
            """);

        var output = await Dotnet(app, "run", "-c", "Release");

        var lines = output.Split('\n', StringSplitOptions.TrimEntries);
        var losses = lines.Single(l => l.StartsWith("loss ", StringComparison.Ordinal))["loss ".Length..].Split(" -> ").Select(float.Parse).ToArray();
        Assert.True(losses[1] < losses[0] / 2, output);
        Assert.Contains("concurrent gc False", lines);
        Assert.Contains("conserve memory 5", lines);
        Assert.Contains("call counting delay 0", lines);
        Assert.Contains("thread pool spin 250", lines);
    }

    private static async Task<string> Dotnet(string directory, params string[] arguments)
    {
        var what = $"dotnet {string.Join(' ', arguments)}";
        var run = await ChildProcess.RunAsync("dotnet", arguments, what, Deadline,
            new Dictionary<string, string> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" }, directory);
        var text = run.Output + run.Errors;
        Assert.True(run.ExitCode == 0, $"{what} exited with {run.ExitCode}:\n{text}");
        return text;
    }
}
