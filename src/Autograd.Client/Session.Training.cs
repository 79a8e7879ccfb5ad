namespace Autograd.Client;

// What training needs from a session: the backward passes still in flight (an optimizer step waits
// for them, as PyTorch's synchronous backward() would have), and a seedable generator for
// initialising parameters and seeding random ops (torch.manual_seed).
public sealed partial class Session
{
    private readonly List<Task> _passes = [];
    private readonly Lock _generatorLock = new();
    private Random _generator = new();

    /// <summary>Seeds the generator that modules draw their initial weights from, like <c>torch.manual_seed</c>.</summary>
    public void ManualSeed(int seed)
    {
        lock (_generatorLock) _generator = new Random(seed);
    }

    /// <summary><paramref name="count"/> samples uniform in [<paramref name="low"/>, <paramref name="high"/>) from the session's generator.</summary>
    internal float[] Uniform(int count, float low, float high)
    {
        var values = new float[count];
        lock (_generatorLock)
            for (int i = 0; i < count; i++) values[i] = (float)(low + _generator.NextDouble() * (high - low));
        return values;
    }

    /// <summary><paramref name="count"/> samples of N(0, 1) from the session's generator (Box–Muller, two samples per pair of draws).</summary>
    internal float[] Normal(int count)
    {
        var values = new float[count];
        lock (_generatorLock)
            for (int i = 0; i < count; i += 2)
            {
                double radius = Math.Sqrt(-2.0 * Math.Log(1.0 - _generator.NextDouble())), angle = 2 * Math.PI * _generator.NextDouble();
                values[i] = (float)(radius * Math.Cos(angle));
                if (i + 1 < count) values[i + 1] = (float)(radius * Math.Sin(angle));
            }
        return values;
    }

    /// <summary>A seed for a random op (dropout's mask) from the session's generator, so <see cref="ManualSeed"/> fixes it too.</summary>
    internal long NextSeed()
    {
        lock (_generatorLock) return _generator.NextInt64();
    }

    internal void PassStarted(Task pass)
    {
        lock (_passes)
        {
            _passes.RemoveAll(p => p.IsCompleted);
            _passes.Add(pass);
        }
    }

    /// <summary>Completes when every backward pass started so far has ended, successfully or not (its own caller sees its error).</summary>
    internal Task PassesEnded()
    {
        Task[] open;
        lock (_passes)
        {
            _passes.RemoveAll(p => p.IsCompleted);
            if (_passes.Count == 0) return Task.CompletedTask;
            open = [.. _passes];
        }
        return Task.WhenAll(open).ContinueWith(_ => { }, TaskScheduler.Default);
    }
}
