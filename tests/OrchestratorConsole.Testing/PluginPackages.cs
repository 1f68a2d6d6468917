using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;

namespace OrchestratorConsole.Testing;

/// <summary>
/// Builds <c>.vmoapp</c> packages in code — valid ones, the sample packages the build packs, and a reproducible corpus
/// of hostile ones — so every test can say exactly what a package holds.
/// </summary>
public static class PluginPackages
{
    /// <summary>The id the test packages use unless told otherwise.</summary>
    public const string TestId = "com.example.test";

    /// <summary>The folder holding OrchestratorConsole.sln, found by walking up from the test binaries.</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "OrchestratorConsole.sln")))
                {
                    return directory.FullName;
                }
            }

            throw new InvalidOperationException("No OrchestratorConsole.sln above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>A sample package packed by the build (<c>mail</c>, <c>ssh</c> or <c>vcenter</c>).</summary>
    public static byte[] Sample(string name)
    {
        var path = Path.Combine(RepositoryRoot, "artifacts", "samples", name + ".vmoapp");
        Assert(File.Exists(path), $"{path} is missing: build the solution first (dotnet build OrchestratorConsole.sln).");
        return File.ReadAllBytes(path);
    }

    /// <summary>The text of an entry of a package.</summary>
    public static string ReadEntry(byte[] package, string name)
    {
        using var zip = new ZipArchive(new MemoryStream(package), ZipArchiveMode.Read);
        using var reader = new StreamReader(zip.GetEntry(name)!.Open(), Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>A copy of <paramref name="package"/> whose manifest <paramref name="change"/> edited (for example another version).</summary>
    public static byte[] Repack(byte[] package, Action<JsonObject> change)
    {
        using var source = new ZipArchive(new MemoryStream(package), ZipArchiveMode.Read);
        return Zip(zip =>
        {
            foreach (var entry in source.Entries)
            {
                using var input = entry.Open();
                using var buffer = new MemoryStream();
                input.CopyTo(buffer);
                var bytes = buffer.ToArray();
                if (entry.FullName == "plugin.json")
                {
                    var manifest = JsonNode.Parse(bytes)!.AsObject();
                    change(manifest);
                    bytes = Encoding.UTF8.GetBytes(manifest.ToJsonString());
                }

                Add(zip, entry.FullName, bytes);
            }
        });
    }

    /// <summary>A valid manifest with one field of each kind and two content items.</summary>
    public static JsonObject Manifest(string id = TestId, string version = "1.0.0") => new()
    {
        ["id"] = id,
        ["name"] = "Test plug-in",
        ["version"] = version,
        ["vendor"] = "Example",
        ["description"] = "A plug-in for tests.",
        ["configuration"] = new JsonArray
        {
            new JsonObject { ["name"] = "host", ["label"] = "Host", ["type"] = "host", ["required"] = true },
            new JsonObject { ["name"] = "port", ["label"] = "Port", ["type"] = "port", ["default"] = 443 },
            new JsonObject { ["name"] = "password", ["label"] = "Password", ["type"] = "secret" },
        },
        ["content"] = new JsonArray
        {
            new JsonObject { ["id"] = "test.first", ["kind"] = "workflow", ["name"] = "First", ["file"] = "content/first.json" },
            new JsonObject { ["id"] = "test.second", ["kind"] = "action", ["name"] = "Second", ["file"] = "content/second.json" },
        },
    };

    /// <summary>A package holding <paramref name="manifest"/> and a file for every content item it names.</summary>
    public static byte[] Build(JsonObject manifest) => Zip(zip =>
    {
        Add(zip, "plugin.json", Encoding.UTF8.GetBytes(manifest.ToJsonString()));
        foreach (var file in (manifest["content"] as JsonArray ?? []).Select(c => (string?)c?["file"]).Where(f => f is not null).Distinct())
        {
            Add(zip, file!, Encoding.UTF8.GetBytes($"{{\"file\":\"{file}\"}}"));
        }
    });

    /// <summary>A valid package plus whatever <paramref name="extra"/> adds to it.</summary>
    public static byte[] BuildWith(JsonObject manifest, Action<ZipArchive> extra) => Zip(zip =>
    {
        using (var valid = new ZipArchive(new MemoryStream(Build(manifest)), ZipArchiveMode.Read))
        {
            foreach (var entry in valid.Entries)
            {
                using var input = entry.Open();
                using var buffer = new MemoryStream();
                input.CopyTo(buffer);
                Add(zip, entry.FullName, buffer.ToArray());
            }
        }

        extra(zip);
    });

    public static byte[] Zip(Action<ZipArchive> fill)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            fill(zip);
        }

        return buffer.ToArray();
    }

    public static ZipArchiveEntry Add(ZipArchive zip, string name, byte[] bytes, CompressionLevel level = CompressionLevel.Optimal)
    {
        var entry = zip.CreateEntry(name, level);
        using var stream = entry.Open();
        stream.Write(bytes);
        return entry;
    }

    /// <summary>Random bytes (incompressible), from a fixed seed so the corpus is the same at every run.</summary>
    public static byte[] RandomBytes(int length, int seed = 7)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>
    /// Rewrites the uncompressed size that the local and central headers of <paramref name="entryName"/> claim,
    /// leaving the data as it is: a package whose headers lie about what it unpacks to.
    /// </summary>
    public static byte[] ClaimUncompressedSize(byte[] package, string entryName, uint claimed)
    {
        var bytes = (byte[])package.Clone();
        var name = Encoding.UTF8.GetBytes(entryName);
        var patched = 0;
        for (var i = 0; i + 46 <= bytes.Length; i++)
        {
            var signature = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i));
            if (signature == 0x04034b50 && NameAt(bytes, i + 26, i + 30, name))
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i + 22), claimed);
                patched++;
            }
            else if (signature == 0x02014b50 && NameAt(bytes, i + 28, i + 46, name))
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i + 24), claimed);
                patched++;
            }
        }

        Assert(patched == 2, $"Expected a local and a central header for {entryName}, patched {patched}.");
        return bytes;
    }

    private static bool NameAt(byte[] bytes, int lengthOffset, int nameOffset, byte[] name) =>
        BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(lengthOffset)) == name.Length
        && nameOffset + name.Length <= bytes.Length
        && bytes.AsSpan(nameOffset, name.Length).SequenceEqual(name);

    private static void Assert(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }
}

/// <summary>A package that must be refused, the status it gets and a phrase its message must hold.</summary>
/// <param name="Name">What the package tries.</param>
/// <param name="Status">400, or 413 for the size limit.</param>
/// <param name="Phrase">A phrase only this refusal's message holds.</param>
/// <param name="Write">Writes the package to a file (the big ones are never held in memory twice).</param>
/// <param name="Escapes">Paths outside the package folder that an extracting reader would write (must never exist).</param>
public sealed record HostilePackage(string Name, int Status, string Phrase, Action<string> Write, IReadOnlyList<string> Escapes)
{
    public override string ToString() => Name;
}

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
