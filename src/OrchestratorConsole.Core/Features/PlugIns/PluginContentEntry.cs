using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace OrchestratorConsole.Core.Features.PlugIns;

/// <summary>A workflow or action the plug-in installs into the Orchestrator database.</summary>
public sealed record PluginContentEntry(string Id, string Kind, string Name, string File);
