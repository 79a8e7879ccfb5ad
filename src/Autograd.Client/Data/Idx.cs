using System.Numerics.Tensors;

namespace Autograd.Client.Data;

/// <summary>
/// The IDX files MNIST, Fashion-MNIST and their kin are distributed as, plain or gzipped.
/// Malformed files are rejected with an <see cref="InvalidDataException"/> saying what is wrong.
/// </summary>
public static class Idx
{
    /// <summary>The values of an IDX file as float32, shaped by the file's dims.</summary>
    public static Tensor Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var (values, dims) = IdxReader.Read(path);
        return Tensor.Wrap(values, dims);
    }

    /// <summary>
    /// The training and test sets of an MNIST-style directory, from the standard file names
    /// (<c>train-images-idx3-ubyte</c>, <c>train-labels-idx1-ubyte</c>, <c>t10k-images-idx3-ubyte</c>,
    /// <c>t10k-labels-idx1-ubyte</c>, each plain or with <c>.gz</c>): images flattened to
    /// <c>[N, rows * cols]</c> and scaled to [0, 1] (pixel / 255, as torchvision's <c>ToTensor</c>).
    /// Both sets get the same <see cref="Dataset.Classes"/>, one more than the largest label of either.
    /// </summary>
    public static (Dataset Train, Dataset Test) LoadDataset(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"no directory {directory}");
        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory)));
        var train = LoadSet(directory, "train", $"{name} train");
        var test = LoadSet(directory, "t10k", $"{name} test");
        int classes = Math.Max(train.Classes, test.Classes);
        return (new Dataset(train.Features, train.Labels, classes, train.Name),
                new Dataset(test.Features, test.Labels, classes, test.Name));
    }

    private static Dataset LoadSet(string directory, string prefix, string name)
    {
        string imagesPath = Find(directory, $"{prefix}-images-idx3-ubyte"), labelsPath = Find(directory, $"{prefix}-labels-idx1-ubyte");
        var (pixels, dims) = IdxReader.Read(imagesPath);
        if (dims.Length != 3)
            throw new InvalidDataException($"{imagesPath}: images must have dims [N, rows, cols], got {Tensor.ShapeText(dims)}");
        var labels = Read(labelsPath);
        if (labels.Rank != 1 || labels.Dims[0] != dims[0])
            throw new InvalidDataException(
                $"{labelsPath}: labels must have dims [{dims[0]}] to match the images, got {Tensor.ShapeText(labels.Dims)}");
        TensorPrimitives.Divide(pixels, 255f, pixels);
        try { return new Dataset(Tensor.Wrap(pixels, [dims[0], dims[1] * dims[2]]), labels, name: name); }
        catch (ArgumentException e) { throw new InvalidDataException($"{labelsPath}: {e.Message}", e); }
    }

    private static string Find(string directory, string stem)
    {
        string plain = Path.Combine(directory, stem);
        if (File.Exists(plain)) return plain;
        if (File.Exists(plain + ".gz")) return plain + ".gz";
        throw new FileNotFoundException($"neither {stem} nor {stem}.gz is in {directory}", plain);
    }
}
