namespace Autograd.Host.Member;

/// <summary>
/// Everything a cluster member needs to know about itself, bound from the section
/// <c>Autograd</c> of the usual .NET configuration sources: appsettings.json, then
/// environment variables (<c>AUTOGRAD__PORT=4054</c>, <c>AUTOGRAD__SEEDS__0=akka.tcp://...</c>),
/// then the command line (<c>--port 4054 --seed akka.tcp://...</c>), later sources winning.
/// </summary>
public sealed class MemberOptions
{
    public const string Section = "Autograd";

    /// <summary>The ActorSystem name; every member and client of one cluster must use the same.</summary>
    public string SystemName { get; set; } = "autograd";

    /// <summary>The address the member binds to (0.0.0.0 in containers).</summary>
    public string Hostname { get; set; } = "127.0.0.1";

    /// <summary>The address other members use to reach this one, when it differs from <see cref="Hostname"/>
    /// (a pod's stable DNS name, a container's service name).</summary>
    public string? PublicHostname { get; set; }

    public int Port { get; set; } = 4053;

    /// <summary>Seed node addresses, e.g. <c>akka.tcp://autograd@127.0.0.1:4053</c>. The first seed
    /// starts a new cluster when it lists itself first; everyone else joins.</summary>
    public string[] Seeds { get; set; } = [];

    /// <summary>Cluster roles; none given means <c>compute</c>. Members with the role <c>compute</c>
    /// host graph nodes. (Empty by default because the configuration binder appends to a
    /// non-empty default array instead of replacing it.)</summary>
    public string[] Roles { get; set; } = [];

    public string[] EffectiveRoles => Roles.Length == 0 ? [ComputeRole] : Roles;

    /// <summary>How long the split brain resolver waits for a stable membership before downing
    /// unreachable members (keep-majority). Shorter is faster recovery, longer is more tolerant
    /// of GC pauses and slow networks.</summary>
    public TimeSpan DownUnreachableAfter { get; set; } = TimeSpan.FromSeconds(10);

    public const string ComputeRole = "compute";

    public string AdvertisedHostname => string.IsNullOrWhiteSpace(PublicHostname) ? Hostname : PublicHostname;

    /// <summary>Rejects settings that would only fail later and less clearly.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(SystemName))
            throw new ArgumentException("Autograd:SystemName must not be empty");
        if (string.IsNullOrWhiteSpace(Hostname))
            throw new ArgumentException("Autograd:Hostname must not be empty");
        if (Port is < 0 or > 65535)
            throw new ArgumentException($"Autograd:Port must be between 0 and 65535, got {Port}");
        foreach (var seed in Seeds)
        {
            if (!Akka.Actor.Address.TryParse(seed, out var address) || address.System != SystemName)
                throw new ArgumentException(
                    $"seed '{seed}' is not an address of the form akka.tcp://{SystemName}@host:port");
        }
        if (DownUnreachableAfter <= TimeSpan.Zero)
            throw new ArgumentException("Autograd:DownUnreachableAfter must be positive");
    }
}
