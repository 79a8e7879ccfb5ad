namespace Autograd.Host.Tests.Dependencies;

/// <summary>
/// Package versions with a published security advisory (GitHub advisory ids), pinned here because
/// the package registry these machines reach serves no vulnerability data: NuGet audit and
/// <c>dotnet list package --vulnerable</c> answer "no vulnerable packages" even for
/// Newtonsoft.Json 12.0.3. Add a row when an advisory is published for a package the projects
/// use (or might pull in transitively); a range is [From, Below).
/// </summary>
internal static class KnownAdvisories
{
    public sealed record Advisory(string Package, string? From, string Below, string Id);

    public static readonly Advisory[] All =
    [
        new("MessagePack", null, "1.9.3", "GHSA-7q36-4xx7-xcxf (CVE-2020-5234)"),
        new("MessagePack", "2.0.0", "2.1.90", "GHSA-7q36-4xx7-xcxf (CVE-2020-5234)"),
        new("MessagePack", "2.0.0", "2.5.187", "GHSA-4qm4-8hg2-g2xm (CVE-2024-48924)"),
        // Not an advisory: the project's floor (DESIGN.md, "Wire format": each 2.5.30x release carries security fixes).
        new("MessagePack", "2.0.0", "2.5.307", "project floor: the newest 2.5.x the registry serves"),
        new("Newtonsoft.Json", null, "13.0.1", "GHSA-5crp-9r3c-p9vr"),
        new("System.Text.Json", "8.0.0", "8.0.4", "GHSA-hh2w-p6rv-4g7w (CVE-2024-30105)"),
        new("System.Net.Http", null, "4.3.4", "GHSA-7jgj-8wvc-jh57 (CVE-2018-8292)"),
        new("System.Text.RegularExpressions", null, "4.3.1", "GHSA-cmhx-cq75-c4mj (CVE-2019-0820)"),
        new("System.Drawing.Common", null, "4.7.2", "GHSA-rxg9-xrhp-64gj (CVE-2021-24112)"),
        new("OpenTelemetry.Api", "1.10.0", "1.11.2", "GHSA-8785-wc3w-h8q6 (CVE-2025-27513)"),
    ];
}
