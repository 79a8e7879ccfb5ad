using Autograd.Host.Demo;

namespace Autograd.Host.Tests;

public class DemoTests
{
    [Fact]
    public async Task The_demo_prints_the_seed_walkthrough_with_its_results()
    {
        var output = new StringWriter();
        await SeedWalkthrough.RunAsync(output);
        var text = output.ToString();
        Assert.Contains("<AddBackward0>", text);
        Assert.Contains("tensor(27., grad_fn=<MeanBackward0>)", text);
        Assert.Contains("tensor([[4.5000, 4.5000],\n        [4.5000, 4.5000]])", text.Replace("\r\n", "\n"));
        Assert.Contains("doublings after y = x * 2", text);
    }
}
