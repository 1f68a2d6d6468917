namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>One node's step in an action on all the other nodes, with what it reported or why it failed.</summary>
public sealed record NodeServerProgress(Guid NodeId, string Name, string PublicUrl, NodeServerStep Step, string? Message = null);
