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

    /// <summary>The node is Active alone, in slot 0.</summary>
    public Task<int?> LowestHeldSlotAsync(CancellationToken cancellationToken) => Task.FromResult<int?>(0);

    public async Task<long> LatestEventIdAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var db = createContext();
        // SQLite compares the stored times as text: the newest event before the time is found in memory.
        var recent = await db.ClusterEvents.AsNoTracking().OrderByDescending(e => e.Id).Take(200).Select(e => new { e.Id, e.Time }).ToListAsync(cancellationToken);
        return recent.FirstOrDefault(e => e.Time < before)?.Id ?? (recent.Count == 0 ? 0 : recent[^1].Id - 1);
    }

    public async Task<long?> ReadMarkAsync(string key, CancellationToken cancellationToken)
    {
        await using var db = createContext();
        var value = await db.Properties.AsNoTracking().Where(p => p.Key == key).Select(p => p.Value).FirstOrDefaultAsync(cancellationToken);
        return long.TryParse(value, out var mark) ? mark : null;
    }

    public async Task<bool> MoveMarkAsync(string key, long? expected, long next, CancellationToken cancellationToken)
    {
        await using var db = createContext();
        var text = next.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (expected is { } from)
        {
            var was = from.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return await db.Properties.Where(p => p.Key == key && p.Value == was).ExecuteUpdateAsync(u => u.SetProperty(p => p.Value, text), cancellationToken) == 1;
        }

        db.Properties.Add(new OrchestratorProperty { Key = key, Value = text });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            return false; // set meanwhile
        }
    }

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
