namespace Autograd.Client.Data;

/// <summary>
/// A classification data set held on the client: features <c>[N, D]</c> and labels <c>[N]</c>, both
/// float32, the labels being class indices <c>0..Classes-1</c> (the form <c>CrossEntropy</c> takes).
/// Immutable, like its tensors.
/// </summary>
public sealed class Dataset
{
    /// <param name="classes">Number of classes; when null, one more than the largest label (0 for no rows).</param>
    public Dataset(Tensor features, Tensor labels, int? classes = null, string name = "dataset")
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(name);
        if (features.Rank != 2)
            throw new ArgumentException($"features must be [N, D], got {Tensor.ShapeText(features.Dims)}", nameof(features));
        if (labels.Rank != 1)
            throw new ArgumentException($"labels must be [N], got {Tensor.ShapeText(labels.Dims)}", nameof(labels));
        if (labels.Dims[0] != features.Dims[0])
            throw new ArgumentException(
                $"{features.Dims[0]} feature rows but {labels.Dims[0]} labels", nameof(labels));
        Features = features;
        Labels = labels;
        Classes = CheckLabels(labels.Span, classes);
        Name = name;
    }

    /// <summary>Features <c>[N, D]</c>.</summary>
    public Tensor Features { get; }

    /// <summary>Class indices <c>[N]</c> as float32.</summary>
    public Tensor Labels { get; }

    public int Classes { get; }

    public string Name { get; }

    /// <summary>Number of samples (rows).</summary>
    public int Count => Labels.Dims[0];

    /// <summary>Features per sample.</summary>
    public int FeatureCount => Features.Dims[1];

    /// <summary>A new data set of the rows at <paramref name="indices"/>, in that order (copied; repeats allowed).</summary>
    public Dataset Subset(int[] indices, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var (features, labels) = Rows(indices);
        return new Dataset(features, labels, Classes, name ?? $"{Name} subset");
    }

    public override string ToString() => $"{Name}: {Count} samples, {FeatureCount} features, {Classes} classes";

    /// <summary>Copies of the rows at <paramref name="indices"/>: what a subset and a batch are made of.</summary>
    internal (Tensor Features, Tensor Labels) Rows(ReadOnlySpan<int> indices)
    {
        int width = FeatureCount;
        var features = new float[indices.Length * width];
        var labels = new float[indices.Length];
        ReadOnlySpan<float> allFeatures = Features.Span, allLabels = Labels.Span;
        for (int i = 0; i < indices.Length; i++)
        {
            int row = indices[i];
            if ((uint)row >= (uint)Count)
                throw new ArgumentOutOfRangeException(nameof(indices), row, $"row index out of range for {Count} rows");
            allFeatures.Slice(row * width, width).CopyTo(features.AsSpan(i * width));
            labels[i] = allLabels[row];
        }
        return (Tensor.Wrap(features, [indices.Length, width]), Tensor.Wrap(labels, [indices.Length]));
    }

    private static int CheckLabels(ReadOnlySpan<float> labels, int? classes)
    {
        if (classes < 0) throw new ArgumentOutOfRangeException(nameof(classes), classes, "must not be negative");
        float max = -1;
        for (int i = 0; i < labels.Length; i++)
        {
            float label = labels[i];
            if (label < 0 || label != MathF.Floor(label) || label >= classes.GetValueOrDefault(int.MaxValue))
                throw new ArgumentException(
                    $"label {label} at row {i} is not a class index in [0, {classes?.ToString() ?? "inf"})", nameof(labels));
            max = MathF.Max(max, label);
        }
        return classes ?? (int)max + 1;
    }
}
