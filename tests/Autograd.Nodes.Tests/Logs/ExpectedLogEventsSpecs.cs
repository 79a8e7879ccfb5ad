using Akka.Event;
using Autograd.Logs;

namespace Autograd.Nodes.Tests.Logs;

/// <summary>Which of Akka's warnings and errors report a normal event (a peer closing its connection), as Akka publishes them.</summary>
public class ExpectedLogEventsSpecs : Akka.TestKit.Xunit2.TestKit
{
    // Akka.Remote's own exception for a peer that closed the connection (internal there).
    private static readonly Exception Disassociated = (Exception)Activator.CreateInstance(
        typeof(Akka.Remote.RemoteTransport).Assembly.GetType("Akka.Remote.EndpointDisassociatedException", throwOnError: true)!, "Disassociated")!;

    [Fact]
    public async Task An_endpoint_writer_failing_because_its_peer_closed_the_connection_is_info_without_a_stack_trace()
    {
        var error = await Published<Error>(log => log.Error(Disassociated, "Disassociated"));
        var warning = await Published<Warning>(log => log.Warning(
            "Association with remote system {0} has failed; address is now gated for {1} ms. Reason is: [{2}]",
            "akka.tcp://autograd-client@127.0.0.1:4000", 5000, Disassociated));

        Assert.Equal(LogLevel.InfoLevel, ExpectedLogEvents.LevelOf(error));
        Assert.Equal(LogLevel.InfoLevel, ExpectedLogEvents.LevelOf(warning));
        Assert.Equal(
            "Association with remote system akka.tcp://autograd-client@127.0.0.1:4000 has failed; address is now gated for 5000 ms. Reason is: [EndpointDisassociatedException: Disassociated]",
            ExpectedLogEvents.Text(warning));
    }

    [Fact]
    public async Task Flushing_cut_short_by_a_shutdown_is_info()
    {
        var warning = await Published<Warning>(log => log.Warning(
            "Shutdown finished, but flushing might not have been successful and some messages might have been dropped. " +
            "Increase akka.remote.flush-wait-on-shutdown to a larger value to avoid this."));

        Assert.Equal(LogLevel.InfoLevel, ExpectedLogEvents.LevelOf(warning));
    }

    [Fact]
    public async Task Other_association_failures_and_errors_keep_their_level_and_text()
    {
        var gated = await Published<Warning>(log => log.Warning(
            "Association with remote system {0} has failed; address is now gated for {1} ms. Reason is: [{2}]",
            "akka.tcp://autograd@127.0.0.1:4000", 5000, new InvalidOperationException("frame too large")));
        var failed = await Published<Error>(log => log.Error(new InvalidOperationException("boom"), "node failed"));
        var disassociatedInfo = await Published<Info>(log => log.Info("Disassociated"));

        Assert.Equal(LogLevel.WarningLevel, ExpectedLogEvents.LevelOf(gated));
        Assert.Contains("frame too large", ExpectedLogEvents.Text(gated));
        Assert.Equal(LogLevel.ErrorLevel, ExpectedLogEvents.LevelOf(failed));
        Assert.Equal(LogLevel.InfoLevel, ExpectedLogEvents.LevelOf(disassociatedInfo));
        Assert.False(ExpectedLogEvents.IsExpected(disassociatedInfo), "only warnings and errors are reclassified");
    }

    [Fact]
    public void A_setup_without_a_factory_logs_warnings_to_the_console_and_a_factory_that_takes_nothing_silences_akka()
    {
        var console = new AkkaLogSetup(null).Config();
        var silent = new AkkaLogSetup(Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance).Config();

        Assert.Equal("WARNING", console.GetString("akka.loglevel"));
        Assert.Contains(typeof(AkkaLogger).FullName!, console.GetStringList("akka.loggers").Single());
        Assert.Equal("OFF", silent.GetString("akka.loglevel"));
        Assert.Equal("OFF", silent.GetString("akka.stdout-loglevel"));
    }

    private async Task<T> Published<T>(Action<ILoggingAdapter> log) where T : LogEvent
    {
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe(probe, typeof(T));
        log(Logging.GetLogger(Sys, "test-source"));
        var e = await probe.ExpectMsgAsync<T>();
        Sys.EventStream.Unsubscribe(probe);
        return e;
    }
}
