using Autograd.Client;
using Autograd.Host.Train;

namespace Autograd.Host.Tests.Train;

/// <summary>The training job end to end, as the README's first command runs it (plain output: not a terminal).</summary>
public sealed class TrainCommandTests : IDisposable
{
    private readonly string _out = Path.Combine(Path.GetTempPath(), $"autograd-train-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_out)) Directory.Delete(_out, recursive: true);
    }

    [Fact]
    public async Task The_default_job_reaches_95_percent_on_digits_on_three_members_and_leaves_checkpoint_and_curve()
    {
        var output = new StringWriter();

        int exitCode = await TrainCommand.RunAsync(["--out", _out], output);

        var text = output.ToString();
        Assert.Equal(0, exitCode);
        Assert.Contains("on 3 members", text);
        Assert.Contains("epoch 20/20:", text);
        var last = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
        Assert.Matches(@"^test accuracy: \d+\.\d%$", last);
        double accuracy = double.Parse(last["test accuracy: ".Length..^1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(accuracy >= 95.0, $"the default job should reach 95% on digits; it reached {accuracy}%:\n{text}");

        var weights = Checkpoint.Load(Path.Combine(_out, "model.safetensors"));
        Assert.Equal(["0.bias", "0.weight", "2.bias", "2.weight"], weights.Keys.Order(StringComparer.Ordinal));
        Assert.Equal([128, 64], weights["0.weight"].Shape);
        Assert.Equal("20", Checkpoint.LoadMetadata(Path.Combine(_out, "optimizer.safetensors"))["epochs_done"]);
        var png = File.ReadAllBytes(Path.Combine(_out, "curve.png"));
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        Assert.Equal(21, File.ReadAllLines(Path.Combine(_out, "metrics.csv")).Length);
    }

    [Fact]
    public async Task A_resumed_job_continues_after_the_last_checkpointed_epoch()
    {
        Assert.Equal(0, await TrainCommand.RunAsync(["--members", "1", "--epochs", "3", "--out", _out, "--schedule", "step"], new StringWriter()));
        var output = new StringWriter();

        Assert.Equal(0, await TrainCommand.RunAsync(["--members", "1", "--epochs", "5", "--out", _out, "--schedule", "step", "--resume"], output));

        var text = output.ToString();
        Assert.Contains("resumed after epoch 3", text);
        Assert.DoesNotContain("epoch 3/5:", text);
        Assert.Contains("epoch 4/5:", text);
        Assert.Contains("epoch 5/5:", text);
        Assert.Equal(6, File.ReadAllLines(Path.Combine(_out, "metrics.csv")).Length);
    }

    [Theory]
    [InlineData("--epochs", "0")]
    [InlineData("--optimizer", "rmsprop")]
    [InlineData("--schedule", "linear")]
    [InlineData("--lr", "fast")]
    [InlineData("--lr", "-1")]
    [InlineData("--batch-size", "0")]
    [InlineData("--members", "0")]
    [InlineData("--data", "/nonexistent/idx")]
    [InlineData("--no-such-option", "1")]
    public async Task A_bad_option_exits_with_code_2_before_anything_starts(string option, string value)
    {
        var output = new StringWriter();

        Assert.Equal(2, await TrainCommand.RunAsync([option, value, "--out", _out], output));
        Assert.False(Directory.Exists(_out));
    }

    [Fact]
    public async Task Members_and_connect_together_are_refused()
    {
        Assert.Equal(2, await TrainCommand.RunAsync(["--members", "2", "--connect", "akka.tcp://autograd@127.0.0.1:1"], new StringWriter()));
    }

    [Fact]
    public async Task Resuming_without_a_checkpoint_fails_with_a_clear_message()
    {
        Assert.Equal(1, await TrainCommand.RunAsync(["--members", "1", "--out", _out, "--resume"], new StringWriter()));
    }
}
