using OrchestratorConsole.Core.Features.PlugIns;

namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>A configuration fingerprint, when the newest of its sections was saved, and the installed plug-ins it covers.</summary>
public sealed record Fingerprint(string Value, DateTimeOffset SavedAt, IReadOnlyList<PluginVersionInfo> Plugins);
