using Autograd.Transport;
using Microsoft.Extensions.Configuration;

namespace Autograd.Host.Member;

/// <summary>
/// The TLS settings of the <c>member</c> and <c>train --connect</c> commands: the section
/// <c>Autograd:Tls</c> of appsettings.json, <c>AUTOGRAD__TLS__*</c> environment variables and
/// these command-line switches, later sources winning.
/// </summary>
public static class TlsConfiguration
{
    public const string Section = MemberOptions.Section + ":" + nameof(MemberOptions.Tls);

    /// <summary>Command-line switch → key under <c>Autograd:</c>. A password on the command line is
    /// visible to every local user in the process list: prefer AUTOGRAD__TLS__CERTIFICATEPASSWORD.</summary>
    public static readonly IReadOnlyDictionary<string, string> Switches = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["--tls"] = Key(nameof(TlsSettings.Enabled)),
        ["--certificate"] = Key(nameof(TlsSettings.CertificatePath)),
        ["--certificate-password"] = Key(nameof(TlsSettings.CertificatePassword)),
        ["--certificate-thumbprint"] = Key(nameof(TlsSettings.CertificateThumbprint)),
        ["--ca"] = Key(nameof(TlsSettings.CaCertificatePath)),
    };

    public const string Usage = "[--certificate F.pfx] [--ca ca.pem] [--certificate-thumbprint T] [--tls false]";

    /// <summary>Reads the settings for a command that is not a hosted member (<c>train --connect</c>).</summary>
    public static TlsSettings Read(IReadOnlyDictionary<string, string?> commandLine)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(commandLine)
            .Build();
        return Bind(configuration);
    }

    public static TlsSettings Bind(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<TlsSettings>() ?? new TlsSettings();

    private static string Key(string property) => $"{nameof(MemberOptions.Tls)}:{property}";
}
