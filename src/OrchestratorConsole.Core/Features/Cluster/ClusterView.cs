using OrchestratorConsole.Core.Features.Configuration;

namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>The cluster as the console shows it: every node, its state, role, heartbeat age and sync state.</summary>
public sealed record ClusterView(ClusterSettings Settings, IReadOnlyList<ClusterNodeView> Nodes, string? Problem);
