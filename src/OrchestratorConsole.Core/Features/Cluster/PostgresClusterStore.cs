using System.Security.Cryptography;
using Npgsql;
using NpgsqlTypes;
using OrchestratorConsole.Core.Data.Orchestrator;

namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>The cluster's coordination on PostgreSQL: timestamps from <c>now()</c>, leases as rows with a growing epoch.</summary>
public sealed partial class PostgresClusterStore(NpgsqlDataSource dataSource) : IClusterStore
{
    private const string ClusterKeyName = "cluster.key";
    private const string NodeColumns = "node_id, name, public_url, product_version, instance_nonce, state, role, last_heartbeat, started_at, active_fingerprint, pending_fingerprint, pending_saved_at, plugins";

    public bool CoordinatesLeases => true;

    public async Task<DateTimeOffset> NowAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT now()");
        return new DateTimeOffset((DateTime)(await command.ExecuteScalarAsync(cancellationToken))!, TimeSpan.Zero);
    }

    public async Task<byte[]> EnsureClusterKeyAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO orchestrator_properties (key, value) VALUES (@k, @v) ON CONFLICT (key) DO NOTHING; SELECT value FROM orchestrator_properties WHERE key = @k");
        command.Parameters.AddWithValue("k", ClusterKeyName);
        command.Parameters.AddWithValue("v", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        return Convert.FromBase64String((string)(await command.ExecuteScalarAsync(cancellationToken))!);
    }

    public async Task<bool> RecordNonceAsync(string nonce, TimeSpan keep, CancellationToken cancellationToken)
    {
        // One statement: the prune and the insert share a snapshot, and the primary key decides between two nodes
        // that receive the same call at once.
        await using var command = dataSource.CreateCommand("""
            WITH pruned AS (DELETE FROM node_to_node_nonces WHERE expires_at < now())
            INSERT INTO node_to_node_nonces (nonce, expires_at) VALUES (@nonce, now() + @keep) ON CONFLICT (nonce) DO NOTHING RETURNING 1
            """);
        command.Parameters.AddWithValue("nonce", nonce);
        command.Parameters.AddWithValue("keep", keep);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    public async Task RegisterAsync(NodeAnnouncement node, TimeSpan failoverTimeout, NodeInstance? replacing, CancellationToken cancellationToken)
    {
        await using (var slots = dataSource.CreateCommand("""
            INSERT INTO cluster_leases (slot, holder_node_id, holder_nonce, epoch, expires_at)
                SELECT g, NULL, NULL, 0, now() - interval '1 day' FROM generate_series(0, 31) AS g
                ON CONFLICT (slot) DO NOTHING
            """))
        {
            await slots.ExecuteNonQueryAsync(cancellationToken);
        }

        // A node that comes back after it was declared failed says so in the cluster's event log, in the same statement.
        await using var command = dataSource.CreateCommand($"""
            WITH previous AS (SELECT state FROM cluster_nodes WHERE node_id = @id),
            registered AS (
                INSERT INTO cluster_nodes ({NodeColumns})
                    VALUES (@id, @name, @url, @version, @nonce, 'Running', NULL, now(), now(), @active, @pending, @savedAt, @plugins)
                ON CONFLICT (node_id) DO UPDATE SET
                    name = EXCLUDED.name, public_url = EXCLUDED.public_url, product_version = EXCLUDED.product_version,
                    instance_nonce = EXCLUDED.instance_nonce, state = 'Running', role = NULL, last_heartbeat = now(), started_at = now(),
                    active_fingerprint = EXCLUDED.active_fingerprint, pending_fingerprint = EXCLUDED.pending_fingerprint,
                    pending_saved_at = EXCLUDED.pending_saved_at, plugins = EXCLUDED.plugins
                WHERE cluster_nodes.instance_nonce = EXCLUDED.instance_nonce
                   OR cluster_nodes.state <> 'Running'
                   OR cluster_nodes.last_heartbeat < now() - @ttl
                   OR (cluster_nodes.instance_nonce = @replacing AND cluster_nodes.last_heartbeat = @seenBeat)
                RETURNING name),
            {ReturnedEvent("registered", "started again")}
            SELECT count(*) FROM registered
            """);
        AddAnnouncement(command, node);
        command.Parameters.AddWithValue("ttl", failoverTimeout);
        command.Parameters.Add(new NpgsqlParameter("replacing", NpgsqlDbType.Uuid) { Value = (object?)replacing?.Nonce ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("seenBeat", NpgsqlDbType.TimestampTz) { Value = (object?)replacing?.LastHeartbeat ?? DBNull.Value });
        if ((long)(await command.ExecuteScalarAsync(cancellationToken))! == 0)
        {
            await using var other = dataSource.CreateCommand("SELECT public_url, instance_nonce, last_heartbeat FROM cluster_nodes WHERE node_id = @id");
            other.Parameters.AddWithValue("id", node.NodeId);
            await using var reader = await other.ExecuteReaderAsync(cancellationToken);
            throw await reader.ReadAsync(cancellationToken)
                ? new DuplicateNodeIdentityException(reader.GetString(0), new NodeInstance(reader.GetGuid(1), reader.GetFieldValue<DateTimeOffset>(2)))
                : new DuplicateNodeIdentityException("unknown address", new NodeInstance(Guid.Empty, DateTimeOffset.MinValue));
        }
    }

    public async Task<bool> HeartbeatAsync(NodeAnnouncement node, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            WITH previous AS (SELECT state FROM cluster_nodes WHERE node_id = @id AND instance_nonce = @nonce),
            beat AS (
                UPDATE cluster_nodes SET last_heartbeat = now(), state = 'Running', role = @role, name = @name, public_url = @url,
                    product_version = @version, pending_fingerprint = @pending, pending_saved_at = @savedAt, plugins = @plugins
                WHERE node_id = @id AND instance_nonce = @nonce
                RETURNING name),
            {ReturnedEvent("beat", "its heartbeats resumed")}
            SELECT count(*) FROM beat
            """);
        AddAnnouncement(command, node);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))! == 1;
    }

    /// <summary>
    /// A CTE that records <c>node-returned</c> when the row the statement's <paramref name="written"/> CTE wrote was
    /// Failed before it, as the statement's snapshot shows it in a <c>previous</c> CTE. (That CTE cannot lock the row:
    /// a row the same statement writes is skipped by a lock. A node declared failed in the very instant it beats again
    /// is therefore not told as returned; its next failure and return are.)
    /// </summary>
    private static string ReturnedEvent(string written, string how) => $"""
        returned AS (
            INSERT INTO cluster_events (time, kind, node_id, node_name, detail, by_node_id, epoch)
            SELECT now(), 'node-returned', @id, {written}.name, {written}.name || ' is back after it was declared failed: {how}.', @id, NULL
            FROM {written}, previous WHERE previous.state = 'Failed')
        """;

    public async Task MarkStoppedAsync(Guid nodeId, Guid nonce, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE lease_history h SET valid_until = now() FROM cluster_leases l
                WHERE l.holder_node_id = @id AND l.holder_nonce = @nonce AND h.slot = l.slot AND h.epoch = l.epoch AND h.valid_until > now();
            UPDATE cluster_leases SET holder_node_id = NULL, holder_nonce = NULL, expires_at = now() WHERE holder_node_id = @id AND holder_nonce = @nonce;
            UPDATE cluster_nodes SET state = 'Stopped', role = NULL, active_fingerprint = NULL WHERE node_id = @id AND instance_nonce = @nonce;
            """);
        command.Parameters.AddWithValue("id", nodeId);
        command.Parameters.AddWithValue("nonce", nonce);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ClusterNodeRecord>> ListNodesAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {NodeColumns} FROM cluster_nodes ORDER BY name, node_id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await ReadNodesAsync(reader, cancellationToken);
    }

    public async Task<(DateTimeOffset Now, IReadOnlyList<ClusterNodeRecord> Nodes)> ListNodesWithNowAsync(CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT now()"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT {NodeColumns} FROM cluster_nodes ORDER BY name, node_id"));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var now = new DateTimeOffset(reader.GetDateTime(0), TimeSpan.Zero);
        await reader.NextResultAsync(cancellationToken);
        return (now, await ReadNodesAsync(reader, cancellationToken));
    }

    private static async Task<IReadOnlyList<ClusterNodeRecord>> ReadNodesAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var nodes = new List<ClusterNodeRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            nodes.Add(new ClusterNodeRecord
            {
                NodeId = reader.GetGuid(0),
                Name = reader.GetString(1),
                PublicUrl = reader.GetString(2),
                ProductVersion = reader.GetString(3),
                InstanceNonce = reader.GetGuid(4),
                State = reader.GetString(5),
                Role = reader.IsDBNull(6) ? null : reader.GetString(6),
                LastHeartbeat = reader.GetFieldValue<DateTimeOffset>(7),
                StartedAt = reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8),
                ActiveFingerprint = reader.IsDBNull(9) ? null : reader.GetString(9),
                PendingFingerprint = reader.IsDBNull(10) ? null : reader.GetString(10),
                PendingSavedAt = reader.IsDBNull(11) ? null : reader.GetFieldValue<DateTimeOffset>(11),
                Plugins = reader.IsDBNull(12) ? null : reader.GetString(12),
            });
        }

        return nodes;
    }

    public async Task<IReadOnlyList<ClusterEventRecord>> EventsAfterAsync(long afterId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT id, time, kind, node_id, node_name, detail, by_node_id, epoch FROM cluster_events WHERE id > @after ORDER BY id LIMIT 200");
        command.Parameters.AddWithValue("after", afterId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var events = new List<ClusterEventRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(new ClusterEventRecord
            {
                Id = reader.GetInt64(0),
                Time = reader.GetFieldValue<DateTimeOffset>(1),
                Kind = reader.GetString(2),
                NodeId = reader.IsDBNull(3) ? null : reader.GetGuid(3),
                NodeName = reader.IsDBNull(4) ? null : reader.GetString(4),
                Detail = reader.GetString(5),
                ByNodeId = reader.IsDBNull(6) ? null : reader.GetGuid(6),
                Epoch = reader.IsDBNull(7) ? null : reader.GetInt64(7),
            });
        }

        return events;
    }

    public async Task AddEventAsync(NewClusterEvent clusterEvent, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO cluster_events (time, kind, node_id, node_name, detail, by_node_id, epoch) VALUES (now(), @kind, @node, @name, @detail, @by, @epoch)");
        command.Parameters.AddWithValue("kind", clusterEvent.Kind);
        command.Parameters.Add(new NpgsqlParameter("node", NpgsqlDbType.Uuid) { Value = (object?)clusterEvent.NodeId ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("name", NpgsqlDbType.Varchar) { Value = (object?)clusterEvent.NodeName ?? DBNull.Value });
        command.Parameters.AddWithValue("detail", clusterEvent.Detail);
        command.Parameters.AddWithValue("by", clusterEvent.ByNodeId);
        command.Parameters.Add(new NpgsqlParameter("epoch", NpgsqlDbType.Bigint) { Value = (object?)clusterEvent.Epoch ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool?> RemoveNodeAsync(Guid nodeId, TimeSpan failoverTimeout, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT CASE WHEN state = 'Running' AND last_heartbeat >= now() - @ttl THEN 'live' ELSE 'stale' END FROM cluster_nodes WHERE node_id = @id;
            DELETE FROM cluster_nodes WHERE node_id = @id AND NOT (state = 'Running' AND last_heartbeat >= now() - @ttl);
            """);
        command.Parameters.AddWithValue("id", nodeId);
        command.Parameters.AddWithValue("ttl", failoverTimeout);
        var state = (string?)await command.ExecuteScalarAsync(cancellationToken);
        return state switch
        {
            null => null,
            "live" => false,
            _ => true,
        };
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    private static void AddAnnouncement(NpgsqlCommand command, NodeAnnouncement node)
    {
        command.Parameters.AddWithValue("id", node.NodeId);
        command.Parameters.AddWithValue("nonce", node.InstanceNonce);
        command.Parameters.AddWithValue("name", node.Name);
        command.Parameters.AddWithValue("url", node.PublicUrl);
        command.Parameters.AddWithValue("version", node.ProductVersion);
        command.Parameters.Add(new NpgsqlParameter("active", NpgsqlDbType.Varchar) { Value = (object?)node.ActiveFingerprint ?? DBNull.Value });
        command.Parameters.AddWithValue("pending", node.PendingFingerprint);
        command.Parameters.Add(new NpgsqlParameter("savedAt", NpgsqlDbType.TimestampTz) { Value = (object?)node.PendingSavedAt ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("plugins", NpgsqlDbType.Varchar) { Value = (object?)node.Plugins ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("role", NpgsqlDbType.Varchar) { Value = (object?)node.Role?.ToString() ?? DBNull.Value });
    }
}
