using System.Security.Cryptography.X509Certificates;
using Autograd.Cluster;
using Autograd.Host.Member;
using Microsoft.Extensions.Configuration;

namespace Autograd.Host.Tests.Member;

public class MemberArgumentsTests
{
    /// <summary>Certificate paths are only checked for presence here; loading them is the host's job.</summary>
    private static readonly string[] Tls = ["--certificate", "member.pfx", "--ca", "ca.pem"];

    private static MemberOptions Read(params string[] args) =>
        MemberCommand.ReadOptions(new ConfigurationBuilder()
            .AddInMemoryCollection(MemberArguments.ToConfiguration([.. Tls, .. args]))
            .Build());

    [Fact]
    public void Repeated_seed_switches_and_comma_lists_all_become_seeds_in_order()
    {
        var options = Read("--seed", "10.0.0.1:4053", "--seeds=10.0.0.2:4053,akka.ssl.tcp://autograd@10.0.0.3:4053");

        Assert.Equal(
            ["akka.ssl.tcp://autograd@10.0.0.1:4053", "akka.ssl.tcp://autograd@10.0.0.2:4053", "akka.ssl.tcp://autograd@10.0.0.3:4053"],
            options.SeedAddresses.Select(a => a.ToString()));
    }

    [Fact]
    public void Seeds_given_as_host_and_port_take_the_plain_scheme_when_TLS_is_off()
    {
        var options = Read("--tls", "false", "--seed", "127.0.0.1:4053");

        Assert.Equal("akka.tcp://autograd@127.0.0.1:4053", options.SeedAddresses.Single().ToString());
    }

    [Fact]
    public void A_seed_with_the_plain_scheme_is_an_error_when_TLS_is_on()
    {
        var error = Assert.Throws<ArgumentException>(() => Read("--seed", "akka.tcp://autograd@127.0.0.1:4053"));

        Assert.Contains("akka.ssl.tcp://autograd@127.0.0.1:4053", error.Message);
        Assert.Contains("TLS is on", error.Message);
    }

    [Fact]
    public void Hostname_port_and_roles_come_from_the_command_line()
    {
        var options = Read("--hostname", "0.0.0.0", "--public-hostname", "autograd-1.autograd", "--port", "4999",
            "--roles", "compute,gpu");

        Assert.Equal("0.0.0.0", options.Hostname);
        Assert.Equal("autograd-1.autograd", options.AdvertisedHostname);
        Assert.Equal(4999, options.Port);
        Assert.Equal(["compute", "gpu"], options.EffectiveRoles);
    }

    [Fact]
    public void Max_connections_comes_from_the_command_line_and_must_be_at_least_one()
    {
        Assert.Equal(32, Read("--max-connections", "32").MaxConnections);
        Assert.Equal(Autograd.Transport.TransportSettings.Default.MaxConnections, Read().MaxConnections);
        Assert.Contains("Autograd:MaxConnections", Assert.Throws<ArgumentException>(() => Read("--max-connections", "0")).Message);
    }

    [Fact]
    public void A_member_without_roles_is_a_compute_member()
    {
        Assert.Equal([MemberRoles.Compute], Read().EffectiveRoles);
    }

    [Fact]
    public void The_command_line_wins_over_earlier_sources_such_as_environment_variables()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AUTOGRAD:PORT"] = "5000",
                ["AUTOGRAD:HOSTNAME"] = "10.1.1.1",
                ["AUTOGRAD:TLS:CERTIFICATEPATH"] = "from-env.pfx",
                ["AUTOGRAD:TLS:CERTIFICATEPASSWORD"] = "secret",
                ["AUTOGRAD:TLS:CACERTIFICATEPATH"] = "ca.pem",
            })
            .AddInMemoryCollection(MemberArguments.ToConfiguration(["--port", "6000", "--certificate", "from-command-line.pfx"]))
            .Build();

        var options = MemberCommand.ReadOptions(configuration);

        Assert.Equal(6000, options.Port);
        Assert.Equal("10.1.1.1", options.Hostname);
        Assert.Equal("from-command-line.pfx", options.Tls.CertificatePath);
        Assert.Equal("secret", options.Tls.CertificatePassword);
    }

    [Fact]
    public void TLS_settings_bind_from_environment_style_keys_including_a_certificate_store()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AUTOGRAD:TLS:CERTIFICATETHUMBPRINT"] = "AB12",
                ["AUTOGRAD:TLS:CERTIFICATESTORE"] = "Root",
                ["AUTOGRAD:TLS:CERTIFICATESTORELOCATION"] = "LocalMachine",
                ["AUTOGRAD:TLS:CACERTIFICATEPATH"] = "ca.pem",
            })
            .Build();

        var options = MemberCommand.ReadOptions(configuration);

        Assert.True(options.Tls.Enabled);
        Assert.Equal("AB12", options.Tls.CertificateThumbprint);
        Assert.Equal("Root", options.Tls.CertificateStore);
        Assert.Equal(StoreLocation.LocalMachine, options.Tls.CertificateStoreLocation);
    }

    [Fact]
    public void A_member_with_TLS_on_and_no_certificate_fails_naming_the_settings_to_set()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            MemberCommand.ReadOptions(new ConfigurationBuilder().AddInMemoryCollection(MemberArguments.ToConfiguration([])).Build()));

        Assert.Contains("Autograd:Tls:CertificatePath", error.Message);
        Assert.Contains("Autograd:Tls:CertificateThumbprint", error.Message);
        Assert.Contains("Autograd:Tls:CaCertificatePath", error.Message);
        Assert.Contains("Autograd:Tls:Enabled = false", error.Message);
    }

    [Fact]
    public void An_unknown_switch_is_rejected_with_the_usage()
    {
        var error = Assert.Throws<ArgumentException>(() => MemberArguments.ToConfiguration(["--prot", "4053"]));
        Assert.Contains("unknown option '--prot'", error.Message);
        Assert.Contains("--port", error.Message);
    }

    [Fact]
    public void A_seed_of_another_actor_system_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => Read("--seed", "akka.ssl.tcp://other@127.0.0.1:4053"));
        Assert.Contains("'other'", error.Message);
    }
}
