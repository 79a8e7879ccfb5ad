using Akka.Configuration;
using Autograd.Wire;

namespace Autograd.Host.Tests.Wire;

public class WireSettingsTests
{
    [Fact]
    public void The_project_configuration_chunks_below_its_one_frame_size()
    {
        var settings = WireSettings.From(AutogradConfig.Default);

        Assert.Equal(4L * 1024 * 1024, settings.FrameSize);
        Assert.True(settings.ChunkSize + WireSettings.FrameHeadroom <= settings.FrameSize);
    }

    [Fact]
    public void A_chunk_size_that_does_not_fit_the_frame_size_is_refused_at_start()
    {
        var config = ConfigurationFactory.ParseString("autograd.wire.chunk-size = 4MiB").WithFallback(AutogradConfig.Default);

        var error = Assert.Throws<ConfigurationException>(() => WireSettings.From(config));

        Assert.Contains("maximum-frame-size", error.Message);
    }
}
