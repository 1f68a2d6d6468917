using OrchestratorConsole.Core.Features.ConfigurationTransfer;

namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>The outcome of pushing the configuration to one node.</summary>
public sealed record NodeSyncOutcome(Guid NodeId, string Name, string PublicUrl, bool Succeeded, string Message, IReadOnlyList<string> PluginsSent);
