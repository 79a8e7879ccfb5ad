using System.Diagnostics;

namespace Autograd.Client.Tests.Checkpoints;

/// <summary>
/// Damage a valid checkpoint at every position: each load must either succeed or refuse the
/// file with InvalidDataException / FormatException, never crash, hang or allocate what the
/// damaged header claims.
/// </summary>
public sealed class CheckpointFuzzTests : IDisposable
{
    private readonly ScratchDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private byte[] ValidFile()
    {
        string path = _dir.File("valid.safetensors");
        Checkpoint.Save(path, new Dictionary<string, Tensor>
        {
            ["0.weight"] = Tensor.RandomNormal(1, 3, 4),
            ["0.bias"] = Tensor.RandomNormal(2, 3),
            ["scalar"] = Tensor.Scalar(0.5f),
            ["empty"] = Tensor.Zeros(0, 2),
        }, new Dictionary<string, string> { ["format"] = "pt" });
        return File.ReadAllBytes(path);
    }

    [Fact]
    public void A_file_cut_short_anywhere_is_refused_cleanly()
    {
        byte[] valid = ValidFile();
        var outcomes = Enumerable.Range(0, valid.Length).Select(length => Load(valid[..length]));

        Assert.All(outcomes, outcome => Assert.Equal("refused", outcome));
    }

    [Fact]
    public void A_file_with_any_byte_flipped_loads_or_is_refused_cleanly_and_quickly()
    {
        byte[] valid = ValidFile();
        var clock = Stopwatch.StartNew();
        var outcomes = new Dictionary<string, int>();
        foreach (byte mask in new byte[] { 0x01, 0x08, 0x20, 0x80, 0xFF })
        {
            for (int i = 0; i < valid.Length; i++)
            {
                byte[] damaged = (byte[])valid.Clone();
                damaged[i] ^= mask;
                string outcome = Load(damaged);
                outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            }
        }

        Assert.Equal(["loaded", "refused"], outcomes.Keys.Order());   // flips in the data load; most in the header do not
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"{outcomes.Values.Sum()} loads took {clock.Elapsed}");
    }

    /// <summary>"loaded" or "refused"; any other exception fails the test with the exception itself.</summary>
    private string Load(byte[] bytes)
    {
        string path = _dir.Write("damaged.safetensors", bytes);
        try
        {
            Checkpoint.Load(path);
            Checkpoint.LoadMetadata(path);
            return "loaded";
        }
        catch (Exception e) when (e is InvalidDataException or FormatException)
        {
            return "refused";
        }
    }
}
