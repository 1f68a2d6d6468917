namespace OrchestratorConsole.Core.Features.PlugIns;

/// <summary>The outcome of an upload: what was installed, and over which version.</summary>
public sealed record PluginInstallResult(PluginSummary Plugin, string? FromVersion, string ToVersion, string Change);
