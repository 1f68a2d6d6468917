namespace OrchestratorConsole.Core.Features.PlugIns;

/// <summary>A plug-in as a node reports it to the cluster: id, version, enabled flag and the package's SHA-256.</summary>
public sealed record PluginVersionInfo(string Id, string Version, bool Enabled, string? ContentSha256 = null);
