using System.Security.Cryptography;
using System.Text;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Node;

namespace OrchestratorConsole.Core.Features.PlugIns;

/// <summary>
/// The package files in the node's plug-ins folder: uploads are staged and checked in <c>.incoming</c>, and moved to
/// <c>&lt;id&gt;/&lt;version&gt;-&lt;checksum&gt;.vmoapp</c> only once every check passed.
/// </summary>
public sealed class PluginPackageStore(NodePaths paths, PluginPackageReader reader)
{
    private string Staging => Path.Combine(paths.PluginsDirectory, ".incoming");

    /// <summary>Copies <paramref name="upload"/> into staging (refusing it past the size limit) and checks it.</summary>
    public async Task<StagedPackage> StageAsync(Stream upload, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Staging);
        var temp = Path.Combine(Staging, Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            var (sha256, bytes) = await CopyBoundedAsync(upload, temp, cancellationToken);
            var manifest = reader.Inspect(temp);
            return new StagedPackage(temp, manifest, ReadManifestText(temp), sha256, bytes);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>Moves a staged package into place; returns its path relative to the plug-ins folder.</summary>
    public string Keep(StagedPackage package)
    {
        // Named by content as well as version: a file in place is only ever replaced by the very same bytes.
        var relative = Path.Combine(package.Manifest.Id, $"{package.Manifest.Version}-{package.Sha256[..16]}.vmoapp");
        Directory.CreateDirectory(Path.Combine(paths.PluginsDirectory, package.Manifest.Id));
        File.Move(package.Path, FullPath(relative), overwrite: true);
        return relative;
    }

    /// <summary>
    /// At the node's start, before any upload: removes what a stopped or killed process left behind — uploads in
    /// staging, and package files that no installed plug-in names (kept just before a save that never committed).
    /// </summary>
    public void RemoveLeftovers(IEnumerable<string> kept)
    {
        if (!Directory.Exists(paths.PluginsDirectory))
        {
            return;
        }

        var names = kept.Select(FullPath).Select(Path.GetFullPath).ToHashSet(StringComparer.Ordinal);
        var staging = Directory.Exists(Staging) ? Directory.EnumerateFiles(Staging) : [];
        var packages = Directory.EnumerateDirectories(paths.PluginsDirectory).Where(d => d != Staging).SelectMany(d => Directory.EnumerateFiles(d, "*.vmoapp"));
        foreach (var file in staging.Concat(packages.Where(f => !names.Contains(Path.GetFullPath(f)))).ToList())
        {
            File.Delete(file);
        }
    }

    public string FullPath(string relative) => Path.Combine(paths.PluginsDirectory, relative);

    public void Delete(string relative)
    {
        var path = FullPath(relative);
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }

    /// <summary>The SHA-256 of a kept package, or null when its file is gone.</summary>
    public async Task<string?> Sha256Async(string relative, CancellationToken cancellationToken)
    {
        var path = FullPath(relative);
        if (!File.Exists(path))
        {
            return null;
        }

        await using var file = File.OpenRead(path);
        return Convert.ToHexString(await SHA256.HashDataAsync(file, cancellationToken)).ToLowerInvariant();
    }

    private async Task<(string Sha256, long Bytes)> CopyBoundedAsync(Stream upload, string path, CancellationToken cancellationToken)
    {
        var max = reader.Limits.MaxPackageBytes;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var file = File.Create(path);
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await upload.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > max)
            {
                throw new PayloadTooLargeException($"The package is larger than the {max / 1048576} MB limit.");
            }

            hash.AppendData(buffer, 0, read);
            await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }

        return (Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant(), total);
    }

    private static string ReadManifestText(string packagePath)
    {
        using var zip = System.IO.Compression.ZipFile.OpenRead(packagePath);
        using var stream = zip.GetEntry(PluginPackageReader.ManifestName)!.Open();
        using var text = new StreamReader(stream, Encoding.UTF8);
        return text.ReadToEnd();
    }
}
