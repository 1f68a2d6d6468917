using System.Text.Json;
using OrchestratorConsole.Core.Features.Configuration;

namespace OrchestratorConsole.Core.Features.PlugIns;

/// <summary>A plug-in as a node reports it to the cluster: id, version, enabled flag and the package's SHA-256.</summary>
public sealed record PluginVersionInfo(string Id, string Version, bool Enabled, string? ContentSha256 = null)
{
    /// <summary>The version of each plug-in in a node's announcement (a JSON list of these), by id.</summary>
    public static Dictionary<string, string> VersionsIn(string? json) =>
        string.IsNullOrEmpty(json)
            ? []
            : (JsonSerializer.Deserialize<List<PluginVersionInfo>>(json, ConfigurationRegistry.JsonOptions) ?? []).ToDictionary(p => p.Id, p => p.Version);
}
