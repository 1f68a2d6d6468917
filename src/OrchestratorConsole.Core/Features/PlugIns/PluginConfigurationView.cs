using System.Text.Json.Nodes;

namespace OrchestratorConsole.Core.Features.PlugIns;

/// <summary>
/// A plug-in's settings form: the schema of its manifest and the values of its section <c>plugin.&lt;id&gt;</c>
/// (secrets null with HasValue beside them), with the section's version.
/// </summary>
public sealed record PluginConfigurationView(string Id, string Name, string Section, IReadOnlyList<PluginField> Fields, JsonObject Values, int Version, IReadOnlyList<string> MissingSettings);
