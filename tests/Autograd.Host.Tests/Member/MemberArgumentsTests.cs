using Autograd.Host.Member;
using Microsoft.Extensions.Configuration;

namespace Autograd.Host.Tests.Member;

public class MemberArgumentsTests
{
    private static MemberOptions Read(params string[] args) =>
        MemberCommand.ReadOptions(new ConfigurationBuilder()
            .AddInMemoryCollection(MemberArguments.ToConfiguration(args))
            .Build());

    [Fact]
    public void Repeated_seed_switches_and_comma_lists_all_become_seeds_in_order()
    {
        var options = Read("--seed", "akka.tcp://autograd@10.0.0.1:4053",
            "--seeds=akka.tcp://autograd@10.0.0.2:4053,akka.tcp://autograd@10.0.0.3:4053");

        Assert.Equal(
            ["akka.tcp://autograd@10.0.0.1:4053", "akka.tcp://autograd@10.0.0.2:4053", "akka.tcp://autograd@10.0.0.3:4053"],
            options.Seeds);
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
    public void A_member_without_roles_is_a_compute_member()
    {
        Assert.Equal([MemberOptions.ComputeRole], Read().EffectiveRoles);
    }

    [Fact]
    public void The_command_line_wins_over_earlier_sources_such_as_environment_variables()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["AUTOGRAD:PORT"] = "5000", ["AUTOGRAD:HOSTNAME"] = "10.1.1.1" })
            .AddInMemoryCollection(MemberArguments.ToConfiguration(["--port", "6000"]))
            .Build();

        var options = MemberCommand.ReadOptions(configuration);

        Assert.Equal(6000, options.Port);
        Assert.Equal("10.1.1.1", options.Hostname);
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
        var error = Assert.Throws<ArgumentException>(() => Read("--seed", "akka.tcp://other@127.0.0.1:4053"));
        Assert.Contains("akka.tcp://autograd@host:port", error.Message);
    }
}
