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
