using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;

namespace OrchestratorConsole.Testing;

/// <summary>The hostile package corpus: every way a package is refused, built the same way at every run.</summary>
public static class HostileCorpus
{
    /// <summary>Entries unique to this process, so a test can prove nothing wrote them anywhere.</summary>
    public static readonly string Marker = "zipslip-" + Guid.NewGuid().ToString("N")[..12];

    public static IReadOnlyList<HostilePackage> All(string id = PluginPackages.TestId)
    {
        var m = () => PluginPackages.Manifest(id);
        return
        [
            new("over the size limit", 413, "larger than the 64 MB limit", path => WriteOversized(path, id), []),
            new("zip-slip with ../", 400, $"'../../{Marker}.txt' has a path that leaves the package folder", Bytes(PluginPackages.BuildWith(m(), z => PluginPackages.Add(z, $"../../{Marker}.txt", "x"u8.ToArray()))), [$"../../{Marker}.txt"]),
            new("zip-slip with an absolute path", 400, $"'/tmp/{Marker}-abs.txt' has a path that leaves the package folder", Bytes(PluginPackages.BuildWith(m(), z => PluginPackages.Add(z, $"/tmp/{Marker}-abs.txt", "x"u8.ToArray()))), [$"/tmp/{Marker}-abs.txt"]),
            new("zip-slip with backslashes", 400, $@"'a\..\..\{Marker}-bs.txt' has a path that leaves the package folder", Bytes(PluginPackages.BuildWith(m(), z => PluginPackages.Add(z, $@"a\..\..\{Marker}-bs.txt", "x"u8.ToArray()))), [$"../{Marker}-bs.txt", $@"a\..\..\{Marker}-bs.txt"]),
            new("a symbolic link", 400, "'content/link' is a symbolic link", Bytes(PluginPackages.BuildWith(m(), z =>
            {
                var link = PluginPackages.Add(z, "content/link", "/etc/passwd"u8.ToArray());
                link.ExternalAttributes = unchecked(0xA1FF << 16);
            })), ["content/link"]),
            new("a zip bomb by ratio", 400, "beyond the 200:1 allowed", Bytes(PluginPackages.BuildWith(m(), z => PluginPackages.Add(z, "content/bomb.json", new byte[8 * 1024 * 1024]))), []),
            new("a zip bomb by entry size", 400, "at most 128 MB per entry", Bytes(EntryBomb(m())), []),
            new("a zip bomb by total size", 400, "unpacks to more than 512 MB", Bytes(TotalBomb(m())), []),
            new("too many entries", 400, "holds 10001 entries; at most 10000", Bytes(PluginPackages.BuildWith(m(), z =>
            {
                for (var i = 0; i < 10_001 - 3; i++)
                {
                    z.CreateEntry($"filler/{i}.txt", System.IO.Compression.CompressionLevel.NoCompression);
                }
            })), []),
            new("an entry twice", 400, "'content/first.json' appears twice", Bytes(PluginPackages.BuildWith(m(), z => PluginPackages.Add(z, "content/first.json", "{}"u8.ToArray()))), []),
            new("no manifest", 400, "has no plugin.json manifest", Bytes(PluginPackages.Zip(z => PluginPackages.Add(z, "content/first.json", "{}"u8.ToArray()))), []),
            new("a malformed manifest", 400, "plugin.json is not valid JSON", Bytes(PluginPackages.Zip(z => PluginPackages.Add(z, "plugin.json", "{ \"id\": \"com.example.test\", "u8.ToArray()))), []),
            new("a manifest over its size limit", 400, "'plugin.json' unpacks to more than its limit of 1024 KB", Bytes(OversizedManifest(m())), []),
            new("a bad id", 400, "The id 'Com Example!' must be", Bytes(PluginPackages.Build(With(m(), j => j["id"] = "Com Example!"))), []),
            new("a bad version", 400, "The version '1.0' is not a semantic version", Bytes(PluginPackages.Build(With(m(), j => j["version"] = "1.0"))), []),
            new("an unknown field type", 400, "has the unknown type 'color'", Bytes(PluginPackages.Build(With(m(), j => j["configuration"]!.AsArray().Add(new JsonObject { ["name"] = "tint", ["type"] = "color" })))), []),
            new("a field twice", 400, "The configuration field 'host' is declared twice", Bytes(PluginPackages.Build(With(m(), j => j["configuration"]!.AsArray().Add(new JsonObject { ["name"] = "host", ["type"] = "string" })))), []),
            new("a content id twice", 400, "The content id 'test.first' is used twice", Bytes(PluginPackages.Build(With(m(), j => j["content"]!.AsArray().Add(new JsonObject { ["id"] = "test.first", ["kind"] = "action", ["name"] = "Again", ["file"] = "content/again.json" })))), []),
            new("an unknown content kind", 400, "has the kind 'script'; kinds: workflow, action", Bytes(PluginPackages.Build(With(m(), j => j["content"]![0]!["kind"] = "script"))), []),
            new("a missing content file", 400, "names content files the package lacks: content/first.json", Bytes(PluginPackages.Zip(z =>
            {
                PluginPackages.Add(z, "plugin.json", Encoding.UTF8.GetBytes(m().ToJsonString()));
                PluginPackages.Add(z, "content/second.json", "{}"u8.ToArray());
            })), []),
            new("markup in the name", 400, "contains markup or control characters", Bytes(PluginPackages.Build(With(m(), j => j["name"] = "<script>alert(1)</script>"))), []),
            new("not a zip at all", 400, "it is not a readable zip archive", Bytes("This is a text file, not a package.\n"u8.ToArray()), []),
            new("an empty file", 400, "The package is empty", Bytes([]), []),
        ];
    }

    private static Action<string> Bytes(byte[] bytes) => path => File.WriteAllBytes(path, bytes);

    private static JsonObject With(JsonObject manifest, Action<JsonObject> change)
    {
        change(manifest);
        return manifest;
    }

    /// <summary>A valid package plus a stored entry of random bytes that takes it just over 64 MB.</summary>
    private static void WriteOversized(string path, string id)
    {
        using var file = File.Create(path);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        PluginPackages.Add(zip, "plugin.json", Encoding.UTF8.GetBytes(PluginPackages.Manifest(id).ToJsonString()));
        var entry = zip.CreateEntry("content/padding.bin", System.IO.Compression.CompressionLevel.NoCompression);
        using var stream = entry.Open();
        var chunk = PluginPackages.RandomBytes(1024 * 1024);
        for (var i = 0; i < 65; i++)
        {
            stream.Write(chunk);
        }
    }

    /// <summary>An entry whose headers claim 200 MB at a ratio under 200:1.</summary>
    private static byte[] EntryBomb(JsonObject manifest)
    {
        var package = PluginPackages.BuildWith(manifest, z => PluginPackages.Add(z, "content/huge.bin", PluginPackages.RandomBytes(1_200_000), System.IO.Compression.CompressionLevel.NoCompression));
        return PluginPackages.ClaimUncompressedSize(package, "content/huge.bin", 200u * 1024 * 1024);
    }

    /// <summary>Five entries, each claiming 120 MB at a ratio under 200:1: each passes alone, together over 512 MB.</summary>
    private static byte[] TotalBomb(JsonObject manifest)
    {
        var package = PluginPackages.BuildWith(manifest, z =>
        {
            for (var i = 0; i < 5; i++)
            {
                PluginPackages.Add(z, $"content/part{i}.bin", PluginPackages.RandomBytes(700_000, seed: i), System.IO.Compression.CompressionLevel.NoCompression);
            }
        });
        for (var i = 0; i < 5; i++)
        {
            package = PluginPackages.ClaimUncompressedSize(package, $"content/part{i}.bin", 120u * 1024 * 1024);
        }

        return package;
    }

    /// <summary>A manifest of 2 MB (valid JSON padded with spaces), stored so that no ratio check stops it: the bounded read must.</summary>
    private static byte[] OversizedManifest(JsonObject manifest)
    {
        var json = manifest.ToJsonString() + new string(' ', 2 * 1024 * 1024);
        return PluginPackages.Zip(z =>
        {
            PluginPackages.Add(z, "plugin.json", Encoding.UTF8.GetBytes(json), System.IO.Compression.CompressionLevel.NoCompression);
            PluginPackages.Add(z, "content/first.json", "{}"u8.ToArray());
            PluginPackages.Add(z, "content/second.json", "{}"u8.ToArray());
        });
    }
}
