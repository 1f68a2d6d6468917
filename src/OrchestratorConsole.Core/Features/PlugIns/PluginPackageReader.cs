using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace OrchestratorConsole.Core.Features.PlugIns;

/// <summary>
/// Opens and checks a <c>.vmoapp</c> (a zip with a <c>plugin.json</c> manifest): size, entry count, zip-slip paths,
/// symbolic links, zip bombs, the manifest's rules and that every content file is present. Nothing is extracted to
/// disk: content is read from the zip straight into the database.
/// </summary>
public sealed class PluginPackageReader(PluginPackageLimits limits)
{
    public const string ManifestName = "plugin.json";
    private const long SmallEntry = 64 * 1024;

    public PluginPackageLimits Limits => limits;

    /// <summary>Checks the whole package at <paramref name="path"/> and returns its manifest.</summary>
    public PluginManifest Inspect(string path)
    {
        var length = new FileInfo(path).Length;
        if (length > limits.MaxPackageBytes)
        {
            throw new Common.PayloadTooLargeException($"The package is {length / 1048576.0:0.#} MB; the limit is {limits.MaxPackageBytes / 1048576} MB.");
        }

        if (length == 0)
        {
            throw new PluginPackageException("The package is empty.");
        }

        using var zip = Open(path);
        CheckEntries(zip);
        var manifestEntry = zip.GetEntry(ManifestName) ?? throw new PluginPackageException($"The package has no {ManifestName} manifest at its top level.");
        var manifest = PluginManifestParser.Parse(ReadBounded(manifestEntry, 1024 * 1024));
        var missing = manifest.Content.Where(c => zip.GetEntry(c.File) is null).Select(c => c.File).ToList();
        if (missing.Count > 0)
        {
            throw new PluginPackageException($"The manifest names content files the package lacks: {string.Join(", ", missing.Take(5))}{(missing.Count > 5 ? $" and {missing.Count - 5} more" : string.Empty)}.");
        }

        // Every content file is read once now (sizes counted, checksums compared), so a damaged package is refused at
        // upload rather than at the next server start.
        foreach (var entry in manifest.Content)
        {
            ReadBounded(zip.GetEntry(entry.File)!, limits.MaxEntryUncompressedBytes);
        }

        return manifest;
    }

    /// <summary>Reads every content item of an inspected package.</summary>
    public IReadOnlyList<PluginContentItem> ReadContent(string path, PluginManifest manifest)
    {
        using var zip = Open(path);
        var items = new List<PluginContentItem>(manifest.Content.Count);
        foreach (var entry in manifest.Content)
        {
            var bytes = ReadBounded(zip.GetEntry(entry.File)!, limits.MaxEntryUncompressedBytes);
            items.Add(new PluginContentItem(entry.Id, entry.Kind, entry.Name, Encoding.UTF8.GetString(bytes), Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant()));
        }

        return items;
    }

    private static ZipArchive Open(string path)
    {
        try
        {
            return ZipFile.OpenRead(path);
        }
        catch (InvalidDataException)
        {
            throw new PluginPackageException("The file is not a .vmoapp package: it is not a readable zip archive.");
        }
    }

    private void CheckEntries(ZipArchive zip)
    {
        if (zip.Entries.Count > limits.MaxEntries)
        {
            throw new PluginPackageException($"The package holds {zip.Entries.Count} entries; at most {limits.MaxEntries} are allowed.");
        }

        long total = 0;
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in zip.Entries)
        {
            var name = entry.FullName;
            if (name.Length == 0 || name.Contains('\\') || name.StartsWith('/') || (name.Length > 1 && name[1] == ':') || name.Split('/').Any(s => s == ".."))
            {
                throw new PluginPackageException($"The entry '{name}' has a path that leaves the package folder (absolute, '..' or a backslash); such packages are refused.");
            }

            if (((entry.ExternalAttributes >> 16) & 0xF000) == 0xA000)
            {
                throw new PluginPackageException($"The entry '{name}' is a symbolic link; packages may not hold links.");
            }

            if (!names.Add(name))
            {
                throw new PluginPackageException($"The entry '{name}' appears twice in the package.");
            }

            if (entry.Length > limits.MaxEntryUncompressedBytes)
            {
                throw new PluginPackageException($"The entry '{name}' unpacks to {entry.Length / 1048576} MB; at most {limits.MaxEntryUncompressedBytes / 1048576} MB per entry (a zip bomb?).");
            }

            if (entry.Length > SmallEntry && entry.CompressedLength > 0 && entry.Length / entry.CompressedLength > limits.MaxCompressionRatio)
            {
                throw new PluginPackageException($"The entry '{name}' compresses {entry.Length / entry.CompressedLength}:1, beyond the {limits.MaxCompressionRatio}:1 allowed (a zip bomb?).");
            }

            total += entry.Length;
            if (total > limits.MaxTotalUncompressedBytes)
            {
                throw new PluginPackageException($"The package unpacks to more than {limits.MaxTotalUncompressedBytes / 1048576} MB (a zip bomb?).");
            }
        }
    }

    /// <summary>Reads an entry counting the real bytes, never trusting the sizes its header claims.</summary>
    private static byte[] ReadBounded(ZipArchiveEntry entry, long max)
    {
        using var stream = entry.Open();
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > max)
            {
                throw new PluginPackageException($"The entry '{entry.FullName}' unpacks to more than its limit of {max / 1024} KB (a zip bomb?).");
            }

            buffer.Write(chunk, 0, read);
        }

        var bytes = buffer.ToArray();
        if (bytes.Length != entry.Length || System.IO.Hashing.Crc32.HashToUInt32(bytes) != entry.Crc32)
        {
            // A header that under-states the size would otherwise truncate the entry silently.
            throw new PluginPackageException($"The entry '{entry.FullName}' is damaged: its size or checksum does not match its header (a truncated or altered package?).");
        }

        return bytes;
    }
}
