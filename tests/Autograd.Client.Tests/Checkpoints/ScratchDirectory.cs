namespace Autograd.Client.Tests.Checkpoints;

/// <summary>A fresh directory under the system's temporary one, deleted with everything in it when disposed.</summary>
internal sealed class ScratchDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("autograd-ckpt-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>A file with exactly these bytes, for the reader tests.</summary>
    public string Write(string name, byte[] bytes)
    {
        string path = File(name);
        System.IO.File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
