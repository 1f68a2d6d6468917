namespace OrchestratorConsole.Core.Features.PlugIns;

/// <summary>An uploaded package, checked, waiting in the staging folder; disposing it removes what was not moved into place.</summary>
public sealed class StagedPackage(string path, PluginManifest manifest, string manifestJson, string sha256, long bytes) : IDisposable
{
    public string Path { get; } = path;

    public PluginManifest Manifest { get; } = manifest;

    /// <summary>The manifest as the package holds it, so the configuration form needs no zip access.</summary>
    public string ManifestJson { get; } = manifestJson;

    /// <summary>Lower-case hex SHA-256 of the package: the content checksum in the configuration fingerprint.</summary>
    public string Sha256 { get; } = sha256;

    public long Bytes { get; } = bytes;

    public void Dispose()
    {
        if (File.Exists(Path))
        {
            File.Delete(Path);
        }
    }
}
