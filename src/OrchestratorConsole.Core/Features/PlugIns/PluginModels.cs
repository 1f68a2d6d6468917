using System.Text.Json.Nodes;

namespace OrchestratorConsole.Core.Features.PlugIns;

/// <summary>A plug-in as the Plug-ins tab and <c>GET /api/plugins</c> show it.</summary>
public sealed record PluginSummary(
    string Id,
    string Name,
    string Version,
    string Vendor,
    string? Description,
    bool Enabled,
    string? InstalledInDatabase,
    bool Configured,
    IReadOnlyList<string> MissingSettings,
    int ContentItems,
    int Revision);

/// <summary>The outcome of an upload: what was installed, and over which version.</summary>
public sealed record PluginInstallResult(PluginSummary Plugin, string? FromVersion, string ToVersion, string Change);

/// <summary>A plug-in's configuration form: its schema and its values (secrets null with HasValue beside them).</summary>
public sealed record PluginConfigurationView(string Id, string Name, IReadOnlyList<PluginField> Fields, JsonObject Values, int Revision, IReadOnlyList<string> MissingSettings);

/// <summary>A plug-in and version as a node reports them to the cluster.</summary>
public sealed record PluginVersionInfo(string Id, string Version, bool Enabled);
