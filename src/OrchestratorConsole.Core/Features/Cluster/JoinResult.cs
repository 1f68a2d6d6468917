using OrchestratorConsole.Core.Features.ConfigurationTransfer;

namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>What joining a cluster did.</summary>
public sealed record JoinResult(string NodeUrl, IReadOnlyList<string> Warnings, IReadOnlyList<string> PluginsInstalled, ImportPreview Preview, ImportResult Applied);
