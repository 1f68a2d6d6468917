namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>A node declared failed by the Active's housekeeping.</summary>
public sealed record FailedNode(Guid NodeId, string Name);
