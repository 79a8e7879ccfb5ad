using Autograd.Client;

namespace Autograd.Host.Demo;

/// <summary>
/// The seed document's autograd walkthrough, line for line, printing each step as the original
/// does (with today's PyTorch formatting: <c>tensor(..., grad_fn=&lt;AddBackward0&gt;)</c>).
/// </summary>
internal static class SeedWalkthrough
{
    public static async Task RunAsync(TextWriter output, int seed = 0)
    {
        await using var engine = await AutogradEngine.StartEmbeddedAsync();
        await using var s = engine.NewSession();

        output.WriteLine(">>> x = Variable(torch.ones(2, 2), requires_grad=True)");
        var x = s.Variable(Tensor.Ones(2, 2), requiresGrad: true);
        output.WriteLine(await x.ToStringAsync());

        output.WriteLine(">>> y = x + 2");
        var y = x + 2;
        output.WriteLine(await y.ToStringAsync());
        output.WriteLine(">>> print(y.grad_fn)");
        output.WriteLine(y.GradFn);

        output.WriteLine(">>> z = y * y * 3; out = z.mean()");
        var z = y * y * 3;
        var @out = z.Mean();
        output.WriteLine(await z.ToStringAsync());
        output.WriteLine(await @out.ToStringAsync());

        output.WriteLine(">>> out.backward(); print(x.grad)");
        await @out.BackwardAsync();
        output.WriteLine(await x.GradAsync());

        output.WriteLine(">>> x = Variable(torch.randn(3), requires_grad=True)");
        x = s.Variable(Tensor.RandomNormal(seed, 3), requiresGrad: true);
        output.WriteLine(await x.ToStringAsync());

        output.WriteLine(">>> y = x * 2; while y.data.norm() < 1000: y = y * 2");
        y = x * 2;
        int doublings = 0;
        while (await y.NormAsync() < 1000)
        {
            y = y * 2;
            doublings++;
        }
        output.WriteLine(await y.ToStringAsync());

        output.WriteLine(">>> y.backward(torch.FloatTensor([0.1, 1.0, 0.0001])); print(x.grad)");
        await y.BackwardAsync(Tensor.FromArray([0.1f, 1.0f, 0.0001f], 3));
        output.WriteLine(await x.GradAsync());
        output.WriteLine($"# {doublings} doublings after y = x * 2: x.grad = gradient * 2^{doublings + 1}");
    }
}
