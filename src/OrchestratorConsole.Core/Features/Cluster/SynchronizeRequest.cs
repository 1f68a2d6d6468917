using OrchestratorConsole.Core.Features.ConfigurationTransfer;

namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>Push this node's configuration to these nodes (default: every node that is out of sync).</summary>
public sealed record SynchronizeRequest(IReadOnlyList<Guid>? NodeIds);
