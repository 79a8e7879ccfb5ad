using Autograd.Host.Demo;

namespace Autograd.Host.Tests.Member;

public class ShardedExampleTests
{
    [Fact]
    public async Task The_sharded_demo_shows_each_shard_on_its_member_and_the_unsharded_gradient_agrees()
    {
        var output = new StringWriter();

        await ShardedExample.RunAsync(output).WaitAsync(TimeSpan.FromSeconds(60));

        var text = output.ToString();
        var members = Enumerable.Range(0, 3)
            .Select(i => text.Split('\n').Single(l => l.StartsWith($"x shard {i} ")).Split(" lives on ")[1].Trim())
            .ToArray();
        Assert.Equal(3, members.Distinct().Count());
        Assert.All(members, m => Assert.StartsWith("akka.tcp://autograd@127.0.0.1:", m));
        Assert.Contains("x.matmul(w).tanh() is Rows(3)", text);
        var difference = double.Parse(text.Split("max |difference| ")[1].Split(')')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(difference < 1e-5, text);
    }
}
