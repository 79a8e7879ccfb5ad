using System.Globalization;
using System.IO.Compression;

namespace Autograd.Client.Data;

/// <summary>
/// The UCI handwritten digits (E. Alpaydin and C. Kaynak, 1998) exactly as scikit-learn ships them
/// (<c>sklearn.datasets.load_digits</c>): 1,797 images of 8×8 pixels with values 0..16, classes 0..9.
/// Embedded in this assembly, so it needs no download (attribution: Data/DIGITS-NOTICE.md).
/// </summary>
public static class Digits
{
    /// <summary>Every <c>TestEvery</c>-th row (index % 5 == 0) is in the test set of <see cref="TrainTestSplit"/>.</summary>
    public const int TestEvery = 5;

    private const int Pixels = 64, Classes = 10, MaxPixel = 16;

    private static readonly Lazy<Dataset> All = new(Read);

    /// <summary>
    /// All 1,797 samples in scikit-learn's order: features <c>[1797, 64]</c> scaled to [0, 1]
    /// (pixel / 16, so equal to <c>load_digits().data / 16</c>), labels the digits 0..9.
    /// </summary>
    public static Dataset Load() => All.Value;

    /// <summary>
    /// A fixed split, the same on every machine and trivial to reproduce elsewhere: the test set is
    /// the rows whose index is a multiple of 5 (360 rows), the training set the other 1,437, each in
    /// the original order. In Python: <c>test = np.arange(1797) % 5 == 0; X[~test], X[test]</c>.
    /// </summary>
    public static (Dataset Train, Dataset Test) TrainTestSplit()
    {
        var all = Load();
        var rows = Enumerable.Range(0, all.Count);
        return (all.Subset(rows.Where(i => i % TestEvery != 0).ToArray(), "digits train"),
                all.Subset(rows.Where(i => i % TestEvery == 0).ToArray(), "digits test"));
    }

    // Each line: 64 pixel values, then the label.
    private static Dataset Read()
    {
        using var resource = typeof(Digits).Assembly.GetManifestResourceStream("Autograd.Client.Data.digits.csv.gz")
            ?? throw new InvalidOperationException("the digits resource is missing from Autograd.Client");
        using var reader = new StreamReader(new GZipStream(resource, CompressionMode.Decompress));
        var features = new List<float>();
        var labels = new List<float>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0) continue;
            var fields = line.Split(',');
            if (fields.Length != Pixels + 1)
                throw new InvalidDataException($"digits line {labels.Count + 1} has {fields.Length} fields, expected {Pixels + 1}");
            for (int i = 0; i < Pixels; i++) features.Add(float.Parse(fields[i], CultureInfo.InvariantCulture) / MaxPixel);
            labels.Add(float.Parse(fields[Pixels], CultureInfo.InvariantCulture));
        }
        return new Dataset(Tensor.Wrap([.. features], [labels.Count, Pixels]), Tensor.Wrap([.. labels], [labels.Count]),
            Classes, "digits");
    }
}
