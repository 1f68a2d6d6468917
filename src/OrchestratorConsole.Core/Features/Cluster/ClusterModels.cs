using OrchestratorConsole.Core.Features.Server;

namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>What a node publishes about itself when it registers and at every heartbeat.</summary>
public sealed record NodeAnnouncement(
    Guid NodeId,
    Guid InstanceNonce,
    string Name,
    string PublicUrl,
    string ProductVersion,
    string? ActiveFingerprint,
    string PendingFingerprint,
    DateTimeOffset? PendingSavedAt,
    string? Plugins,
    ServerRole? Role);

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

/// <summary>Something that happened to the cluster, newest last.</summary>
public sealed record ClusterEventView(long Id, DateTimeOffset Time, string Kind, Guid? NodeId, string? NodeName, string Detail);

/// <summary>A node declared failed by the Active's housekeeping.</summary>
public sealed record FailedNode(Guid NodeId, string Name);

/// <summary>The sync states of vRO 7's Control Center.</summary>
public static class SyncStates
{
    public const string Synchronized = "Synchronized";
    public const string PendingRestart = "Pending restart";
    public const string SynchronizationRequired = "Configuration synchronization required";
    public const string NotAvailable = "Not available";
}

/// <summary>Node states as the cluster records them.</summary>
public static class NodeStates
{
    public const string Running = "Running";
    public const string Stopped = "Stopped";
    public const string Failed = "Failed";
}

/// <summary>A write of the Active was refused because its lease epoch is no longer current.</summary>
public sealed class FencedWriteException(int slot, long epoch)
    : Exception($"The write was refused: this node no longer holds active slot {slot} in epoch {epoch}.");

/// <summary>Another live process already uses this node id.</summary>
public sealed class DuplicateNodeIdentityException(string otherUrl)
    : Exception($"Another running console ({otherUrl}) uses this node's id — is this machine a clone? Regenerate node identity on this node, then start again.")
{
    public string OtherUrl { get; } = otherUrl;
}
