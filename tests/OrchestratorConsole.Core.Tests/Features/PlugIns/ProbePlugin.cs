using System.Text.Json.Nodes;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Core.Tests.Features.PlugIns;

/// <summary>
/// A plug-in made by the tests with a schema of its own — a plain, a numeric and a secret field — that no product
/// code knows: whatever works for it works through the configuration registry alone.
/// </summary>
internal static class ProbePlugin
{
    public const string Id = "com.example.probe";
    public const string Section = "plugin." + Id;

    public static byte[] Package(string version = "1.0.0", Action<JsonArray>? schema = null)
    {
        var manifest = PluginPackages.Manifest(Id, version);
        manifest["name"] = "Probe";
        var fields = new JsonArray
        {
            new JsonObject { ["name"] = "label", ["label"] = "Label", ["type"] = "string", ["required"] = true },
            new JsonObject { ["name"] = "retries", ["label"] = "Retries", ["type"] = "integer", ["default"] = 3, ["minimum"] = 0, ["maximum"] = 10 },
            new JsonObject { ["name"] = "token", ["label"] = "Token", ["type"] = "secret" },
        };
        schema?.Invoke(fields);
        manifest["configuration"] = fields;
        return PluginPackages.Build(manifest);
    }
}
