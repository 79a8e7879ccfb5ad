using Autograd.Client.Checkpoints;

namespace Autograd.Client;

/// <summary>
/// Saves and loads tensors as safetensors files (F32), the format of PyTorch's and Hugging
/// Face's checkpoints, with PyTorch's state-dict names, so weights move between this engine
/// and PyTorch both ways. Files are written exactly as the reference <c>safetensors</c> writer
/// writes them, atomically; a malformed file is refused with an <see cref="InvalidDataException"/>
/// naming it and the problem.
/// </summary>
public static class Checkpoint
{
    /// <summary>Reads every variable's value (all at once, wherever they live) and writes them to <paramref name="path"/>.</summary>
    public static Task SaveAsync(string path, IReadOnlyDictionary<string, Variable> tensors) => SaveAsync(path, tensors, null);

    /// <inheritdoc cref="SaveAsync(string, IReadOnlyDictionary{string, Variable})"/>
    /// <param name="metadata">Written as the header's <c>__metadata__</c>, e.g. <c>{"format": "pt"}</c>; none when null.</param>
    public static async Task SaveAsync(
        string path, IReadOnlyDictionary<string, Variable> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(tensors);
        var pending = tensors.Select(async t =>
            KeyValuePair.Create(t.Key, await (t.Value ?? throw new ArgumentNullException($"{nameof(tensors)}['{t.Key}']")).DataAsync()));
        var values = await Task.WhenAll(pending);
        Save(path, new Dictionary<string, Tensor>(values, StringComparer.Ordinal), metadata);
    }

    /// <summary>Writes tensors already on the client (optimizer state, values read earlier) to <paramref name="path"/>.</summary>
    /// <param name="metadata">Written as the header's <c>__metadata__</c>; none when null.</param>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(tensors);
        SafeTensorsFile.Write(path, tensors, metadata);
    }

    /// <summary>Every tensor of the file, by name, in the order of the file's data.</summary>
    public static IReadOnlyDictionary<string, Tensor> Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return SafeTensorsFile.Read(path);
    }

    /// <summary>The header's <c>__metadata__</c>, read without the tensors; empty when the file has none.</summary>
    public static IReadOnlyDictionary<string, string> LoadMetadata(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return SafeTensorsFile.ReadHeader(path).Metadata ?? new Dictionary<string, string>();
    }
}
