using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.UI.Tests.Features.PlugIns;

/// <summary>The sample packages the build packs, and packages made for a test from a manifest.</summary>
public static class TestPackages
{
    /// <summary>artifacts/samples/mail.vmoapp, as the build packs it.</summary>
    public static byte[] Mail => File.ReadAllBytes(Path.Combine(RepositoryPaths.Root, "artifacts", "samples", "mail.vmoapp"));

    /// <summary>The sample Mail package with its manifest changed by <paramref name="change"/> (for example another version).</summary>
    public static byte[] MailWith(Action<JsonObject> change)
    {
        using var sample = new ZipArchive(new MemoryStream(Mail), ZipArchiveMode.Read);
        var files = new Dictionary<string, string>();
        JsonObject? manifest = null;
        foreach (var entry in sample.Entries)
        {
            using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
            var text = reader.ReadToEnd();
            if (entry.FullName == "plugin.json")
            {
                manifest = JsonNode.Parse(text)!.AsObject();
            }
            else
            {
                files[entry.FullName] = text;
            }
        }

        change(manifest!);
        return Pack(manifest!, files);
    }

    /// <summary>A package holding <paramref name="manifest"/> as plugin.json and one content file per content item.</summary>
    public static byte[] Create(JsonObject manifest)
    {
        var files = new Dictionary<string, string>();
        foreach (var item in manifest["content"]?.AsArray() ?? [])
        {
            files[item!["file"]!.GetValue<string>()] = $"{{\"id\":\"{item["id"]!.GetValue<string>()}\"}}";
        }

        return Pack(manifest, files);
    }

    /// <summary>A manifest with one field of each type and one workflow.</summary>
    public static JsonObject EveryFieldType(string description = "Every kind of setting.") => new()
    {
        ["id"] = "com.example.every-field",
        ["name"] = "Every field",
        ["version"] = "1.0.0",
        ["vendor"] = "Example",
        ["description"] = description,
        ["configuration"] = new JsonArray(
            new JsonObject { ["name"] = "title", ["label"] = "Title", ["type"] = "string", ["required"] = true },
            new JsonObject { ["name"] = "retries", ["label"] = "Retries", ["type"] = "integer", ["default"] = 3 },
            new JsonObject { ["name"] = "verbose", ["label"] = "Verbose", ["type"] = "boolean", ["default"] = false },
            new JsonObject { ["name"] = "apiKey", ["label"] = "API key", ["type"] = "secret" },
            new JsonObject { ["name"] = "server", ["label"] = "Server", ["type"] = "host" },
            new JsonObject { ["name"] = "serverPort", ["label"] = "Server port", ["type"] = "port", ["default"] = 443 },
            new JsonObject { ["name"] = "endpoint", ["label"] = "Endpoint", ["type"] = "url" }),
        ["content"] = new JsonArray(
            new JsonObject { ["id"] = "every.run", ["kind"] = "workflow", ["name"] = "Run", ["file"] = "content/run.json" }),
    };

    private static byte[] Pack(JsonObject manifest, Dictionary<string, string> files)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, "plugin.json", manifest.ToJsonString());
            foreach (var (name, text) in files)
            {
                Add(zip, name, text);
            }
        }

        return buffer.ToArray();
    }

    private static void Add(ZipArchive zip, string name, string text)
    {
        using var stream = zip.CreateEntry(name).Open();
        stream.Write(Encoding.UTF8.GetBytes(text));
    }
}
