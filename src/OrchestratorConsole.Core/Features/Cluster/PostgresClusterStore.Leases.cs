using Npgsql;
using OrchestratorConsole.Core.Data.Orchestrator;

namespace OrchestratorConsole.Core.Features.Cluster;

// The active slots: taken when free or expired, renewed while held, and the Active's housekeeping fenced by its epoch.
public sealed partial class PostgresClusterStore
{
    public async Task<(LeaseGrant Grant, Guid? PreviousHolder)?> TryAcquireAsync(LeaseClaim claim, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            WITH candidate AS (
                SELECT slot, holder_node_id AS previous FROM cluster_leases
                WHERE slot < @n AND (holder_node_id IS NULL OR expires_at < now())
                  AND NOT EXISTS (SELECT 1 FROM cluster_leases h WHERE h.holder_node_id = @id AND h.holder_nonce = @nonce AND h.expires_at >= now())
                ORDER BY slot LIMIT 1 FOR UPDATE SKIP LOCKED),
            taken AS (
                UPDATE cluster_leases l SET holder_node_id = @id, holder_nonce = @nonce, epoch = l.epoch + 1, expires_at = now() + @ttl
                FROM candidate WHERE l.slot = candidate.slot
                RETURNING l.slot, l.epoch, l.expires_at, candidate.previous),
            history AS (
                INSERT INTO lease_history (slot, epoch, node_id, acquired_at, valid_until)
                SELECT slot, epoch, @id, now(), expires_at FROM taken)
            SELECT slot, epoch, previous FROM taken
            """);
        command.Parameters.AddWithValue("n", claim.ActiveNodes);
        command.Parameters.AddWithValue("id", claim.NodeId);
        command.Parameters.AddWithValue("nonce", claim.Nonce);
        command.Parameters.AddWithValue("ttl", claim.TimeToLive);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return (new LeaseGrant(reader.GetInt32(0), reader.GetInt64(1)), reader.IsDBNull(2) ? null : reader.GetGuid(2));
    }

    public async Task<bool> RenewAsync(LeaseGrant grant, LeaseClaim claim, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            WITH renewed AS (
                UPDATE cluster_leases SET expires_at = now() + @ttl
                WHERE slot = @slot AND epoch = @epoch AND holder_node_id = @id AND holder_nonce = @nonce AND slot < @n
                RETURNING slot, epoch, expires_at)
            UPDATE lease_history h SET valid_until = r.expires_at FROM renewed r
            WHERE h.slot = r.slot AND h.epoch = r.epoch
            RETURNING h.slot
            """);
        command.Parameters.AddWithValue("slot", grant.Slot);
        command.Parameters.AddWithValue("epoch", grant.Epoch);
        command.Parameters.AddWithValue("id", claim.NodeId);
        command.Parameters.AddWithValue("nonce", claim.Nonce);
        command.Parameters.AddWithValue("n", claim.ActiveNodes);
        command.Parameters.AddWithValue("ttl", claim.TimeToLive);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    public async Task<IReadOnlyList<FailedNode>> HousekeepAsync(LeaseGrant grant, LeaseClaim claim, CancellationToken cancellationToken)
    {
        var (nodeId, nonce, _, failoverTimeout) = claim;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var fence = new NpgsqlCommand(
            "SELECT 1 FROM cluster_leases WHERE slot = @slot AND epoch = @epoch AND holder_node_id = @id AND holder_nonce = @nonce AND expires_at > now() FOR SHARE",
            connection,
            transaction))
        {
            fence.Parameters.AddWithValue("slot", grant.Slot);
            fence.Parameters.AddWithValue("epoch", grant.Epoch);
            fence.Parameters.AddWithValue("id", nodeId);
            fence.Parameters.AddWithValue("nonce", nonce);
            if (await fence.ExecuteScalarAsync(cancellationToken) is null)
            {
                throw new FencedWriteException(grant.Slot, grant.Epoch);
            }
        }

        var failed = new List<FailedNode>();
        await using (var declare = new NpgsqlCommand(
            """
            UPDATE cluster_nodes SET state = 'Failed', role = NULL
            WHERE state = 'Running' AND node_id <> @id AND last_heartbeat < now() - @ttl
            RETURNING node_id, name
            """,
            connection,
            transaction))
        {
            declare.Parameters.AddWithValue("id", nodeId);
            declare.Parameters.AddWithValue("ttl", failoverTimeout);
            await using var reader = await declare.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                failed.Add(new FailedNode(reader.GetGuid(0), reader.GetString(1)));
            }
        }

        foreach (var node in failed)
        {
            await using var insert = new NpgsqlCommand(
                "INSERT INTO cluster_events (time, kind, node_id, node_name, detail, by_node_id, epoch) VALUES (now(), 'node-failed', @node, @name, @detail, @by, @epoch)",
                connection,
                transaction);
            insert.Parameters.AddWithValue("node", node.NodeId);
            insert.Parameters.AddWithValue("name", node.Name);
            insert.Parameters.AddWithValue("detail", $"{node.Name} missed its heartbeats for {failoverTimeout.TotalSeconds:0.#} s and was declared failed.");
            insert.Parameters.AddWithValue("by", nodeId);
            insert.Parameters.AddWithValue("epoch", grant.Epoch);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var prune = new NpgsqlCommand(
            "DELETE FROM cluster_events WHERE time < now() - interval '7 days'; DELETE FROM lease_history WHERE valid_until < now() - interval '1 day'",
            connection,
            transaction))
        {
            await prune.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return failed;
    }

    public async Task<IReadOnlyList<LeaseHistoryEntry>> LeaseHistoryAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT id, slot, epoch, node_id, acquired_at, valid_until FROM lease_history ORDER BY slot, epoch");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<LeaseHistoryEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new LeaseHistoryEntry
            {
                Id = reader.GetInt64(0),
                Slot = reader.GetInt32(1),
                Epoch = reader.GetInt64(2),
                NodeId = reader.GetGuid(3),
                AcquiredAt = reader.GetFieldValue<DateTimeOffset>(4),
                ValidUntil = reader.GetFieldValue<DateTimeOffset>(5),
            });
        }

        return entries;
    }
}
