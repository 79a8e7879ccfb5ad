using System.Security.Cryptography.X509Certificates;
using Akka.Configuration;
using Autograd.Client;
using Autograd.Host.Member;
using Autograd.Transport;
using Autograd.Wire;

namespace Autograd.Host.Tests.Transport;

public class TransportSettingsTests
{
    private static readonly TransportSettings Tls = TransportSettings.Default with { Tls = TestCertificates.Client };

    [Fact]
    public void A_contact_point_given_as_host_and_port_takes_the_scheme_of_the_cluster()
    {
        Assert.Equal("akka.ssl.tcp://autograd@10.0.0.1:4053", Tls.ParseAddress("10.0.0.1:4053", "seed").ToString());
        Assert.Equal("akka.tcp://autograd@10.0.0.1:4053", TransportSettings.Default.ParseAddress("10.0.0.1:4053", "seed").ToString());
        Assert.Equal("akka.ssl.tcp://autograd@autograd-0.autograd:4053", Tls.ParseAddress(" autograd-0.autograd:4053 ", "seed").ToString());
    }

    [Fact]
    public void A_full_address_with_the_plain_scheme_is_an_error_naming_the_address_to_write_instead()
    {
        var error = Assert.Throws<ArgumentException>(() => Tls.ParseAddress("akka.tcp://autograd@10.0.0.1:4053", "contact point"));

        Assert.Contains("contact point 'akka.tcp://autograd@10.0.0.1:4053' uses akka.tcp", error.Message);
        Assert.Contains("akka.ssl.tcp://autograd@10.0.0.1:4053 or just 10.0.0.1:4053", error.Message);
    }

    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("10.0.0.1:http")]
    [InlineData("akka.ssl.tcp://autograd@10.0.0.1")]
    public void A_contact_point_without_a_port_is_an_error(string contact)
    {
        Assert.Throws<ArgumentException>(() => Tls.ParseAddress(contact, "contact point"));
    }

    [Fact]
    public void Member_client_and_embedded_configurations_take_frame_size_and_heartbeat_pause_from_the_one_record()
    {
        var member = new MemberOptions { Tls = TlsSettings.PlainText, Port = 0 }.Transport;
        var client = new ClientOptions { Tls = TlsSettings.PlainText }.Transport;
        Config[] configs =
        [
            member.ClusterConfig(["compute"], []).WithFallback(member.RemoteConfig()).WithFallback(AutogradConfig.Default),
            client.RemoteConfig().WithFallback(AutogradConfig.Default),
            AutogradConfig.Default,
        ];

        TimeSpan[] watchPauses = [member.ClientWatchPause, client.WatchHeartbeatPause, TransportSettings.Default.WatchHeartbeatPause];

        foreach (var (config, watchPause) in configs.Zip(watchPauses))
        {
            Assert.Equal(TransportSettings.Default.FrameSize, config.GetByteSize(WireSettings.FrameSizePath));
            Assert.Equal(TransportSettings.Default.InlineSize, WireSettings.From(config).InlineBytes);
            Assert.Equal(watchPause, config.GetTimeSpan("akka.remote.watch-failure-detector.acceptable-heartbeat-pause"));
            Assert.True(config.GetBoolean("akka.remote.untrusted-mode"));
            Assert.Equal(TransportSettings.TrustedSelectionPaths, config.GetStringList("akka.remote.trusted-selection-paths"));
            Assert.Equal([ConnectionLimitAdapter.Name], config.GetStringList("akka.remote.dot-netty.tcp.applied-adapters"));
            Assert.Equal(TransportSettings.Default.MaxConnections, config.GetInt(InboundConnections.MaxPath));
        }
    }

    [Fact]
    public void A_member_waits_for_a_silent_client_longer_than_it_can_be_frozen_without_being_downed()
    {
        var member = new MemberOptions { DownUnreachableAfter = TimeSpan.FromSeconds(7) }.Transport;

        var config = member.ClusterConfig(["compute"], []).WithFallback(member.RemoteConfig());

        var clientPause = config.GetTimeSpan("akka.remote.watch-failure-detector.acceptable-heartbeat-pause");
        var downedAfter = config.GetTimeSpan("akka.cluster.failure-detector.acceptable-heartbeat-pause")
            + config.GetTimeSpan("akka.cluster.split-brain-resolver.stable-after");
        Assert.True(clientPause > downedAfter, $"a member frees a silent client's sessions after {clientPause}, but is downed after {downedAfter}");
        Assert.True(member.WatchHeartbeatPause < clientPause, "a client gives up on a silent member sooner");
    }

    [Fact]
    public void A_members_max_connections_is_the_connection_limit_it_renders()
    {
        var member = new MemberOptions { Tls = TlsSettings.PlainText, MaxConnections = 7 }.Transport;

        Assert.Equal(7, member.RemoteConfig().WithFallback(AutogradConfig.Default).GetInt(InboundConnections.MaxPath));
    }

    [Fact]
    public void A_members_down_unreachable_after_is_the_split_brain_resolvers_stable_after()
    {
        var member = new MemberOptions { DownUnreachableAfter = TimeSpan.FromSeconds(7) }.Transport;

        var config = member.ClusterConfig(["compute"], []);

        Assert.Equal(TimeSpan.FromSeconds(7), config.GetTimeSpan("akka.cluster.split-brain-resolver.stable-after"));
        Assert.Equal("compute", config.GetString("akka.cluster.split-brain-resolver.keep-majority.role"));
    }

    [Fact]
    public void TLS_turns_on_the_ssl_transport_and_its_scheme()
    {
        Assert.True(Tls.BindConfig().GetBoolean("akka.remote.dot-netty.tcp.enable-ssl"));
        Assert.False(TransportSettings.Default.BindConfig().GetBoolean("akka.remote.dot-netty.tcp.enable-ssl"));
        Assert.Equal("akka.ssl.tcp", Tls.Scheme);
    }

    [Fact]
    public async Task A_client_with_TLS_on_and_no_certificate_fails_at_once_naming_the_client_options_to_set()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            AutogradEngine.ConnectAsync(new ClientOptions { ContactPoints = ["127.0.0.1:4053"] }));

        Assert.Contains("ClientOptions.Tls.CertificatePath", error.Message);
        Assert.Contains("ClientOptions.Tls.CaCertificatePath", error.Message);
        Assert.Contains("ClientOptions.Tls.Enabled = false", error.Message);
    }

    [Fact]
    public async Task A_wrong_certificate_password_fails_at_once_naming_the_setting()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => AutogradEngine.ConnectAsync(new ClientOptions
        {
            ContactPoints = ["127.0.0.1:4053"],
            Tls = TestCertificates.Client with { CertificatePassword = "wrong" },
        }));

        Assert.Contains("ClientOptions.Tls.CertificatePath", error.Message);
        Assert.Contains("ClientOptions.Tls.CertificatePassword", error.Message);
    }

    [Fact]
    public void The_member_command_exits_2_naming_the_settings_when_TLS_is_on_without_a_certificate()
    {
        var error = Assert.Throws<ArgumentException>(() => MemberCommand.Build(["--port", "0"]));

        Assert.Contains("Autograd:Tls:CertificatePath", error.Message);
    }

    [Fact]
    public void A_certificate_of_the_cluster_CA_is_accepted_and_one_of_another_CA_is_not()
    {
        using var ours = X509CertificateLoader.LoadPkcs12FromFile(
            TestCertificates.Client.CertificatePath!, TestCertificates.Client.CertificatePassword);
        using var theirs = X509CertificateLoader.LoadPkcs12FromFile(
            TestCertificates.Foreign.CertificatePath!, TestCertificates.Foreign.CertificatePassword);

        Assert.Null(ClusterCertificateValidator.Problem(ours, null, TestCertificates.ClusterAuthority()));
        Assert.Contains("does not chain to the cluster CA", ClusterCertificateValidator.Problem(theirs, null, TestCertificates.ClusterAuthority()));
    }

    [Fact]
    public void A_certificate_can_come_from_the_certificate_store_by_thumbprint()
    {
        using var certificate = X509CertificateLoader.LoadPkcs12FromFile(
            TestCertificates.Client.CertificatePath!, TestCertificates.Client.CertificatePassword,
            X509KeyStorageFlags.Exportable);
        using var store = new X509Store("My", StoreLocation.CurrentUser);
        store.Open(OpenFlags.ReadWrite);
        store.Add(certificate);
        try
        {
            var setup = TlsSetup.Create(TestCertificates.Client with { CertificatePath = null, CertificateThumbprint = certificate.Thumbprint }, "t.");

            Assert.Equal(certificate.Thumbprint, setup.Certificate.Thumbprint);
            Assert.True(setup.Certificate.HasPrivateKey);
            Assert.True(setup.RequireMutualAuthentication);
            Assert.False(setup.ValidateCertificateHostname);
        }
        finally
        {
            store.Remove(certificate);
        }
    }

    [Fact]
    public void Train_takes_the_member_commands_TLS_switches_for_connect()
    {
        var arguments = new Autograd.Host.Train.TrainArguments();
        var result = arguments.Command().Parse(["train", "--connect", "127.0.0.1:4053", "--certificate", "client.pfx", "--ca", "ca.pem"]);
        var off = arguments.Command().Parse(["train", "--connect", "127.0.0.1:4053", "--tls", "false"]);

        var tls = arguments.TlsSettings(result);

        Assert.Empty(result.Errors);
        Assert.True(tls.Enabled);
        Assert.Equal("client.pfx", tls.CertificatePath);
        Assert.Equal("ca.pem", tls.CaCertificatePath);
        Assert.False(arguments.TlsSettings(off).Enabled);
    }
}
