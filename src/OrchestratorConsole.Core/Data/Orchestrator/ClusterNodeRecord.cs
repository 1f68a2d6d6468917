using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace OrchestratorConsole.Core.Data.Orchestrator;

/// <summary>A node of the cluster as the shared database knows it; its heartbeat stamps come from the database's clock.</summary>
public sealed class ClusterNodeRecord
{
    public Guid NodeId { get; set; }

    public required string Name { get; set; }

    public required string PublicUrl { get; set; }

    public required string ProductVersion { get; set; }

    /// <summary>Random per process: two processes with one node id (a cloned machine) are told apart by it.</summary>
    public Guid InstanceNonce { get; set; }

    public required string State { get; set; }

    public string? Role { get; set; }

    public DateTimeOffset LastHeartbeat { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public string? ActiveFingerprint { get; set; }

    public string? PendingFingerprint { get; set; }

    public DateTimeOffset? PendingSavedAt { get; set; }

    /// <summary>The node's plug-ins and versions as JSON.</summary>
    public string? Plugins { get; set; }
}
