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
