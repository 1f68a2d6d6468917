using OrchestratorConsole.Core.Data.Orchestrator;

namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>
/// Cluster membership, heartbeats and leases in the Orchestrator database. PostgreSQL is the coordination engine:
/// its clock stamps heartbeats and leases, and its transactions fence the Active's writes.
/// </summary>
public interface IClusterStore : IAsyncDisposable
{
    /// <summary>Whether nodes take their role through leases here (PostgreSQL); on the embedded database a node is alone and Active.</summary>
    bool CoordinatesLeases { get; }

    /// <summary>The database's own clock.</summary>
    Task<DateTimeOffset> NowAsync(CancellationToken cancellationToken);

    /// <summary>The random per-cluster key (created on first use) that signs node-to-node calls and keys secret fingerprints.</summary>
    Task<byte[]> EnsureClusterKeyAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Records the nonce of a node-to-node call for <paramref name="keep"/> with a unique insert; false when a node of
    /// the cluster recorded it before (a replay). Nonces kept past their time are pruned on the way.
    /// </summary>
    Task<bool> RecordNonceAsync(string nonce, TimeSpan keep, CancellationToken cancellationToken);

    /// <summary>
    /// Registers this process as the node; throws <see cref="DuplicateNodeIdentityException"/> when a live process
    /// holds the id. <paramref name="replacing"/> takes over a record that still names exactly that instance with
    /// exactly that heartbeat (one seen earlier that has not beaten since).
    /// </summary>
    Task RegisterAsync(NodeAnnouncement node, TimeSpan failoverTimeout, NodeInstance? replacing, CancellationToken cancellationToken);

    /// <summary>Stamps a heartbeat; false when the node's row is no longer this process's.</summary>
    Task<bool> HeartbeatAsync(NodeAnnouncement node, CancellationToken cancellationToken);

    /// <summary>Takes a free or expired active slot below the claim's number of active nodes, or null when none is free.</summary>
    Task<(LeaseGrant Grant, Guid? PreviousHolder)?> TryAcquireAsync(LeaseClaim claim, CancellationToken cancellationToken);

    /// <summary>Extends the lease; false when it was lost (another epoch holds the slot, or the slot is no longer wanted).</summary>
    Task<bool> RenewAsync(LeaseGrant grant, LeaseClaim claim, CancellationToken cancellationToken);

    /// <summary>The Active's housekeeping, fenced by its epoch in the same transaction: declares nodes silent for longer than the claim's time to live failed and prunes old records.</summary>
    Task<IReadOnlyList<FailedNode>> HousekeepAsync(LeaseGrant grant, LeaseClaim claim, CancellationToken cancellationToken);

    /// <summary>Marks the node stopped and releases its lease so a standby can take over at once.</summary>
    Task MarkStoppedAsync(Guid nodeId, Guid nonce, CancellationToken cancellationToken);

    Task<IReadOnlyList<ClusterNodeRecord>> ListNodesAsync(CancellationToken cancellationToken);

    /// <summary>Every node record and the store's clock, read together (a store that can, in one round trip).</summary>
    async Task<(DateTimeOffset Now, IReadOnlyList<ClusterNodeRecord> Nodes)> ListNodesWithNowAsync(CancellationToken cancellationToken) =>
        (await NowAsync(cancellationToken), await ListNodesAsync(cancellationToken));

    Task<IReadOnlyList<ClusterEventRecord>> EventsAfterAsync(long afterId, CancellationToken cancellationToken);

    /// <summary>Records a cluster event.</summary>
    Task AddEventAsync(NewClusterEvent clusterEvent, CancellationToken cancellationToken);

    /// <summary>Removes a node record unless the node is live; returns false when it is live.</summary>
    Task<bool?> RemoveNodeAsync(Guid nodeId, TimeSpan failoverTimeout, CancellationToken cancellationToken);

    Task<IReadOnlyList<LeaseHistoryEntry>> LeaseHistoryAsync(CancellationToken cancellationToken);

    /// <summary>The lowest active slot whose lease is held and current, or null when no node is Active.</summary>
    Task<int?> LowestHeldSlotAsync(CancellationToken cancellationToken);

    /// <summary>The id of the newest cluster event recorded before <paramref name="before"/>, 0 when there is none.</summary>
    Task<long> LatestEventIdAsync(DateTimeOffset before, CancellationToken cancellationToken);

    /// <summary>A cluster-wide mark (how far a webhook has been told), or null when it was never set.</summary>
    Task<long?> ReadMarkAsync(string key, CancellationToken cancellationToken);

    /// <summary>Moves a mark from <paramref name="expected"/> (null: not set) to <paramref name="next"/>; false when another node moved it first.</summary>
    Task<bool> MoveMarkAsync(string key, long? expected, long next, CancellationToken cancellationToken);
}
