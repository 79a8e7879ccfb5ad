using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Autograd.Host.DevCerts;

/// <summary>
/// <c>dev-certs</c>: writes a development CA (<c>ca.pem</c>), a certificate per member
/// (<c>member-0.pfx</c>, ... or the names given) and one for clients (<c>client.pfx</c>), PKCS#12
/// protected by one password (<c>password</c>, readable by the owner only). For development and
/// tests: a deployment makes its CA and keys with its own tooling (docs/operations.md).
/// </summary>
public static class DevCertsCommand
{
    public const string CaFile = "ca.pem", ClientFile = "client.pfx", PasswordFile = "password";

    public static string MemberFile(string name) => name + ".pfx";

    public static async Task<int> RunAsync(string[] args, TextWriter? output = null)
    {
        output ??= Console.Out;
        var outDir = new Option<string>("--out") { Description = "directory to write into", DefaultValueFactory = _ => "certs" };
        var members = new Option<int>("--members") { Description = "member certificates member-0 ... member-(N-1)", DefaultValueFactory = _ => 3 };
        var names = new Option<string[]>("--names") { Description = "member certificate names instead (e.g. pod names autograd-0,autograd-1)", AllowMultipleArgumentsPerToken = true };
        var hosts = new Option<string[]>("--hosts") { Description = "extra host names or addresses in the member certificates", AllowMultipleArgumentsPerToken = true };
        var password = new Option<string?>("--password") { Description = "password of the .pfx files (default: random, written to <out>/password)" };
        var alsoTrust = new Option<string?>("--also-trust") { Description = "a PEM file of CAs to trust beside the new one (CA rotation)" };
        var force = new Option<bool>("--force") { Description = "overwrite an existing set" };
        var command = new Command("dev-certs", "Writes a development CA and member and client certificates for mutual TLS.")
        {
            outDir, members, names, hosts, password, alsoTrust, force,
        };
        var result = new RootCommand { Subcommands = { command } }.Parse(["dev-certs", .. args]);
        if (result.Errors.Count > 0)
        {
            foreach (var error in result.Errors) await Console.Error.WriteLineAsync($"dev-certs: {error.Message}");
            return 2;
        }
        if (result.Action is not null) return await result.InvokeAsync();   // --help
        var dir = result.GetValue(outDir)!;
        if (File.Exists(Path.Combine(dir, CaFile)) && !result.GetValue(force))
        {
            await Console.Error.WriteLineAsync($"dev-certs: {Path.Combine(dir, CaFile)} exists; pass --force to replace the set");
            return 1;
        }
        var memberNames = result.GetValue(names) is { Length: > 0 } given
            ? given.SelectMany(n => n.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray()
            : Enumerable.Range(0, result.GetValue(members)).Select(i => $"member-{i}").ToArray();
        var extraHosts = (result.GetValue(hosts) ?? []).SelectMany(h => h.Split(',', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        var secret = result.GetValue(password) ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_');

        Directory.CreateDirectory(dir);
        using var authority = DevCertificates.CreateAuthority("Autograd development CA");
        var trusted = authority.ExportCertificatePem() + "\n";
        if (result.GetValue(alsoTrust) is { } older) trusted += await File.ReadAllTextAsync(older);
        await File.WriteAllTextAsync(Path.Combine(dir, CaFile), trusted);
        foreach (var name in memberNames)
            await WritePrivateAsync(Path.Combine(dir, MemberFile(name)), authority, name, ["localhost", "127.0.0.1", "::1", name, .. extraHosts], secret);
        await WritePrivateAsync(Path.Combine(dir, ClientFile), authority, "autograd-client", ["localhost", "127.0.0.1"], secret);
        await WritePrivateAsync(Path.Combine(dir, PasswordFile), secret);
        await output.WriteLineAsync(
            $"dev-certs: wrote {CaFile}, {string.Join(", ", memberNames.Select(MemberFile))}, {ClientFile} and {PasswordFile} into {dir} " +
            $"(valid {DevCertificates.Lifetime.TotalDays:0} days)");
        return 0;
    }

    private static Task WritePrivateAsync(string path, X509Certificate2 authority, string name, string[] hosts, string password)
    {
        using var certificate = DevCertificates.Issue(authority, name, hosts);
        return WritePrivateAsync(path, DevCertificates.ToPkcs12(certificate, password));
    }

    private static Task WritePrivateAsync(string path, string text) => WritePrivateAsync(path, System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>Created readable by the owner only (where the OS has Unix modes) before any byte is written.</summary>
    private static async Task WritePrivateAsync(string path, byte[] bytes)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        await using var file = new FileStream(path, options);
        await file.WriteAsync(bytes);
    }
}
