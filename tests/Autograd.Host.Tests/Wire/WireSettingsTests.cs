using Akka.Configuration;
using Autograd.Transport;
using Autograd.Wire;

namespace Autograd.Host.Tests.Wire;

public class WireSettingsTests
{
    [Fact]
    public void The_project_configuration_keeps_inline_messages_below_its_one_frame_size()
    {
        var settings = WireSettings.From(AutogradConfig.Default);

        Assert.Equal(4L * 1024 * 1024, settings.FrameSize);
        Assert.Equal(TransportSettings.Default.InlineSize, settings.InlineBytes);
        Assert.True(settings.InlineBytes + WireSettings.FrameHeadroom <= settings.FrameSize);
        Assert.Equal(TransportSettings.Default.BulkIdleTimeout, settings.IdleTimeout);
    }

    [Fact]
    public void An_inline_size_that_does_not_fit_the_frame_size_is_refused_at_start()
    {
        var config = ConfigurationFactory.ParseString("autograd.wire.inline-size = 4MiB").WithFallback(AutogradConfig.Default);

        var error = Assert.Throws<ConfigurationException>(() => WireSettings.From(config));

        Assert.Contains("maximum-frame-size", error.Message);
    }

    [Fact]
    public void A_window_smaller_than_a_data_frame_is_refused_at_start()
    {
        var config = ConfigurationFactory.ParseString("autograd.wire { window = 64KiB, data-frame-size = 1MiB }").WithFallback(AutogradConfig.Default);

        var error = Assert.Throws<ConfigurationException>(() => WireSettings.From(config));

        Assert.Contains("window", error.Message);
    }
}
