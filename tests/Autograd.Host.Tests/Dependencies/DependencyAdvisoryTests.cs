using System.Text.Json;

namespace Autograd.Host.Tests.Dependencies;

/// <summary>
/// Every package every project resolved (each project's obj/project.assets.json, written by the
/// restore that precedes any build) against <see cref="KnownAdvisories"/>.
/// </summary>
public class DependencyAdvisoryTests
{
    [Fact]
    public void No_project_resolves_a_package_version_with_a_known_advisory()
    {
        var assets = AssetFiles();
        Assert.True(assets.Length >= 6, $"found {assets.Length} project.assets.json files: restore the solution first");

        var hits = (from file in assets
                    from package in ResolvedPackages(file)
                    from advisory in KnownAdvisories.All
                    where Affects(advisory, package.Name, package.Version)
                    select $"{package.Name} {package.Version} in {Path.GetRelativePath(Root, file)}: {advisory.Id}").Distinct().ToArray();

        Assert.True(hits.Length == 0, "packages with known advisories:\n" + string.Join("\n", hits));
    }

    [Theory]
    [InlineData("Newtonsoft.Json", "12.0.3", true)]
    [InlineData("Newtonsoft.Json", "13.0.1", false)]
    [InlineData("MessagePack", "2.5.302", true)]
    [InlineData("MessagePack", "2.5.307", false)]
    [InlineData("MessagePack", "3.1.4", false)]
    [InlineData("OpenTelemetry.Api", "1.11.1", true)]
    [InlineData("OpenTelemetry.Api", "1.9.0", false)]
    [InlineData("System.Text.Json", "8.0.4-rc.1", true)]
    [InlineData("System.Text.Json", "8.0.4", false)]
    public void The_check_flags_a_version_inside_an_advisorys_range_and_no_other(string package, string version, bool flagged)
    {
        Assert.Equal(flagged, KnownAdvisories.All.Any(a => Affects(a, package, version)));
    }

    private static bool Affects(KnownAdvisories.Advisory advisory, string package, string version) =>
        string.Equals(advisory.Package, package, StringComparison.OrdinalIgnoreCase)
        && (advisory.From is null || Compare(version, advisory.From) >= 0)
        && Compare(version, advisory.Below) < 0;

    /// <summary>NuGet version order, enough for these ranges: numeric parts, then a release above its prereleases.</summary>
    private static int Compare(string a, string b)
    {
        var (numbersA, preA) = Split(a);
        var (numbersB, preB) = Split(b);
        for (int i = 0; i < 4; i++)
        {
            var c = numbersA.ElementAtOrDefault(i).CompareTo(numbersB.ElementAtOrDefault(i));
            if (c != 0) return c;
        }
        if (preA == preB) return 0;
        if (preA is null) return 1;
        if (preB is null) return -1;
        return string.CompareOrdinal(preA, preB);
    }

    private static (long[] Numbers, string? Prerelease) Split(string version)
    {
        var dash = version.IndexOf('-');
        var release = dash < 0 ? version : version[..dash];
        return (release.Split('+')[0].Split('.').Select(long.Parse).ToArray(), dash < 0 ? null : version[(dash + 1)..]);
    }

    private static IEnumerable<(string Name, string Version)> ResolvedPackages(string assetsFile)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(assetsFile));
        foreach (var library in json.RootElement.GetProperty("libraries").EnumerateObject())
        {
            if (library.Value.GetProperty("type").GetString() != "package") continue;
            var slash = library.Name.IndexOf('/');
            yield return (library.Name[..slash], library.Name[(slash + 1)..]);
        }
    }

    private static string[] AssetFiles() =>
        new[] { "src", "tests", "bench" }
            .Select(d => Path.Combine(Root, d))
            .Where(Directory.Exists)
            .SelectMany(d => Directory.GetDirectories(d))
            .Select(project => Path.Combine(project, "obj", "project.assets.json"))
            .Where(File.Exists)
            .ToArray();

    private static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Autograd.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException($"no Autograd.sln above {AppContext.BaseDirectory}");
    }
}
