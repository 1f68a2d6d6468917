namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>A cluster event to record: what happened to which node, told by which node, in which lease epoch.</summary>
public sealed record NewClusterEvent(string Kind, Guid? NodeId, string? NodeName, string Detail, Guid ByNodeId, long? Epoch);
