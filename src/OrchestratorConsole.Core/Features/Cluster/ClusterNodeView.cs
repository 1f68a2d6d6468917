namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>A node of the cluster as the console shows it.</summary>
public sealed record ClusterNodeView(
    Guid NodeId,
    string Name,
    string PublicUrl,
    string ProductVersion,
    string State,
    string? Role,
    DateTimeOffset LastHeartbeat,
    double HeartbeatAgeSeconds,
    string? ActiveFingerprint,
    string? PendingFingerprint,
    string SyncState,
    string? Plugins,
    bool IsThisNode,
    bool OtherProductVersion,
    string? PluginDifference = null);
