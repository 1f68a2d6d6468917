using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace OrchestratorConsole.Core.Features.PlugIns;

/// <summary>The <c>plugin.json</c> manifest of a <c>.vmoapp</c> package.</summary>
public sealed record PluginManifest(
    string Id,
    string Name,
    SemanticVersion Version,
    string Vendor,
    string? Description,
    IReadOnlyList<PluginField> Configuration,
    IReadOnlyList<PluginContentEntry> Content);
