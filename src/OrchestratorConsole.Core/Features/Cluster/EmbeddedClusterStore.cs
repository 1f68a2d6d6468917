using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using OrchestratorConsole.Core.Data.Orchestrator;

namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>
/// The embedded database is inside one node, so there is no cluster to coordinate: the node registers and
/// heartbeats for the cluster view, and is Active alone. Leases are refused (cluster mode needs PostgreSQL).
/// </summary>
public sealed class EmbeddedClusterStore(Func<OrchestratorDbContext> createContext, TimeProvider time) : IClusterStore
{
    private const string ClusterKeyName = "cluster.key";

    public bool CoordinatesLeases => false;

    public Task<DateTimeOffset> NowAsync(CancellationToken cancellationToken) => Task.FromResult(time.GetUtcNow());

    public async Task<byte[]> EnsureClusterKeyAsync(CancellationToken cancellationToken)
    {
        await using var db = createContext();
        var key = await db.Properties.FindAsync([ClusterKeyName], cancellationToken);
        if (key is null)
        {
            key = new OrchestratorProperty { Key = ClusterKeyName, Value = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) };
            db.Properties.Add(key);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another caller created the key at the same moment: theirs is the key.
                await using var again = createContext();
                key = await again.Properties.AsNoTracking().FirstAsync(p => p.Key == ClusterKeyName, cancellationToken);
            }
        }

        return Convert.FromBase64String(key.Value);
    }

    public async Task<bool> RecordNonceAsync(string nonce, TimeSpan keep, CancellationToken cancellationToken)
    {
        await using var db = createContext();
        var now = time.GetUtcNow();
        await db.NodeToNodeNonces.Where(n => n.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken);
        db.NodeToNodeNonces.Add(new NodeToNodeNonce { Nonce = nonce, ExpiresAt = now + keep });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            return false; // the primary key: recorded before
        }
    }

    public async Task RegisterAsync(NodeAnnouncement node, TimeSpan failoverTimeout, NodeInstance? replacing, CancellationToken cancellationToken)
    {
        await using var db = createContext();
        var record = await db.ClusterNodes.FindAsync([node.NodeId], cancellationToken);
        var now = time.GetUtcNow();
        if (record is null)
        {
            record = new ClusterNodeRecord { NodeId = node.NodeId, Name = node.Name, PublicUrl = node.PublicUrl, ProductVersion = node.ProductVersion, State = NodeStates.Running };
            db.ClusterNodes.Add(record);
        }

        Apply(record, node, now);
        record.StartedAt = now;
        record.ActiveFingerprint = node.ActiveFingerprint;
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<bool> HeartbeatAsync(NodeAnnouncement node, CancellationToken cancellationToken)
    {
        await using var db = createContext();
        var record = await db.ClusterNodes.FindAsync([node.NodeId], cancellationToken);
        if (record is null || record.InstanceNonce != node.InstanceNonce)
        {
            return false;
        }

        Apply(record, node, time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    public Task<(LeaseGrant Grant, Guid? PreviousHolder)?> TryAcquireAsync(LeaseClaim claim, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Cluster mode needs a PostgreSQL Orchestrator database.");

    public Task<bool> RenewAsync(LeaseGrant grant, LeaseClaim claim, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Cluster mode needs a PostgreSQL Orchestrator database.");

    public Task<IReadOnlyList<FailedNode>> HousekeepAsync(LeaseGrant grant, LeaseClaim claim, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Cluster mode needs a PostgreSQL Orchestrator database.");

    public async Task MarkStoppedAsync(Guid nodeId, Guid nonce, CancellationToken cancellationToken)
    {
        await using var db = createContext();
        var record = await db.ClusterNodes.FindAsync([nodeId], cancellationToken);
        if (record is not null && record.InstanceNonce == nonce)
        {
            record.State = NodeStates.Stopped;
            record.Role = null;
            record.ActiveFingerprint = null;
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    public async Task<IReadOnlyList<ClusterNodeRecord>> ListNodesAsync(CancellationToken cancellationToken)
    {
        await using var db = createContext();
        return await db.ClusterNodes.AsNoTracking().OrderBy(n => n.Name).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ClusterEventRecord>> EventsAfterAsync(long afterId, CancellationToken cancellationToken)
    {
        await using var db = createContext();
        return await db.ClusterEvents.AsNoTracking().Where(e => e.Id > afterId).OrderBy(e => e.Id).Take(200).ToListAsync(cancellationToken);
    }

    public async Task AddEventAsync(NewClusterEvent clusterEvent, CancellationToken cancellationToken)
    {
        await using var db = createContext();
        db.ClusterEvents.Add(new ClusterEventRecord
        {
            Time = time.GetUtcNow(),
            Kind = clusterEvent.Kind,
            NodeId = clusterEvent.NodeId,
            NodeName = clusterEvent.NodeName,
            Detail = clusterEvent.Detail,
            ByNodeId = clusterEvent.ByNodeId,
            Epoch = clusterEvent.Epoch,
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<bool?> RemoveNodeAsync(Guid nodeId, TimeSpan failoverTimeout, CancellationToken cancellationToken)
    {
        await using var db = createContext();
        var record = await db.ClusterNodes.FindAsync([nodeId], cancellationToken);
        if (record is null)
        {
            return null;
        }

        if (record.State == NodeStates.Running && record.LastHeartbeat >= time.GetUtcNow() - failoverTimeout)
        {
            return false;
        }

        db.ClusterNodes.Remove(record);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    public Task<IReadOnlyList<LeaseHistoryEntry>> LeaseHistoryAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<LeaseHistoryEntry>>([]);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static void Apply(ClusterNodeRecord record, NodeAnnouncement node, DateTimeOffset now)
    {
        record.Name = node.Name;
        record.PublicUrl = node.PublicUrl;
        record.ProductVersion = node.ProductVersion;
        record.InstanceNonce = node.InstanceNonce;
        record.State = NodeStates.Running;
        record.Role = node.Role?.ToString();
        record.LastHeartbeat = now;
        record.PendingFingerprint = node.PendingFingerprint;
        record.PendingSavedAt = node.PendingSavedAt;
        record.Plugins = node.Plugins;
    }
}
