namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>Something that happened to the cluster, newest last.</summary>
public sealed record ClusterEventView(long Id, DateTimeOffset Time, string Kind, Guid? NodeId, string? NodeName, string Detail);
