namespace OrchestratorConsole.Core.Features.Cluster;

// What the notifier of the cluster reads and keeps: who sends, the newest event, and how far each webhook was told.
public sealed partial class PostgresClusterStore
{
    public async Task<int?> LowestHeldSlotAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT min(slot) FROM cluster_leases WHERE holder_node_id IS NOT NULL AND expires_at > now()");
        return await command.ExecuteScalarAsync(cancellationToken) is int slot ? slot : null;
    }

    public async Task<long> LatestEventIdAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT coalesce(max(id), 0) FROM cluster_events WHERE time < @before");
        command.Parameters.AddWithValue("before", before.ToUniversalTime());
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<long?> ReadMarkAsync(string key, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT value FROM orchestrator_properties WHERE key = @k");
        command.Parameters.AddWithValue("k", key);
        return await command.ExecuteScalarAsync(cancellationToken) is string value && long.TryParse(value, out var mark) ? mark : null;
    }

    public async Task<bool> MoveMarkAsync(string key, long? expected, long next, CancellationToken cancellationToken)
    {
        // Compare and set: of two nodes that both believe they send, one moves the mark and the other learns it did not.
        await using var command = dataSource.CreateCommand(expected is null
            ? "INSERT INTO orchestrator_properties (key, value) VALUES (@k, @next) ON CONFLICT (key) DO NOTHING RETURNING 1"
            : "UPDATE orchestrator_properties SET value = @next WHERE key = @k AND value = @expected RETURNING 1");
        command.Parameters.AddWithValue("k", key);
        command.Parameters.AddWithValue("next", next.ToString(System.Globalization.CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("expected", expected?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }
}
