using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using OrchestratorConsole.Core.Data.Orchestrator;
using OrchestratorConsole.Core.Features.Cluster;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Server;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Benchmarks;

/// <summary>
/// What one heartbeat costs the database. Real nodes: transactions (<c>pg_stat_database.xact_commit</c>) and rows
/// written (<c>pg_stat_user_tables</c>) over a window, divided by the heartbeats counted as updates of
/// <c>cluster_nodes</c> (each heartbeat updates its node's row once). Simulated members: the same counters, the SQL
/// commands Npgsql sent (its activity source), and the time of one <see cref="ClusterMember.BeatAsync"/> round.
/// </summary>
internal static class HeartbeatCostBenchmark
{
    private static readonly ClusterSettings Settings = new() { ClusterMode = true, ActiveNodes = 1, HeartbeatIntervalMs = 500, FailoverHeartbeats = 4 };

    public static async Task RunAsync()
    {
        await RealNodesAsync(3, TimeSpan.FromSeconds(30));
        await SimulatedAsync(3, TimeSpan.FromSeconds(20));
        await SimulatedAsync(200, TimeSpan.FromSeconds(20));
    }

    private static async Task RealNodesAsync(int count, TimeSpan window)
    {
        var database = await TestPostgres.CreateDatabaseAsync("bench_beat");
        await using var cluster = await TestCluster.StartAsync(count, TestPostgres.Admin, database, heartbeatIntervalMs: Settings.HeartbeatIntervalMs, failoverHeartbeats: Settings.FailoverHeartbeats);
        await Task.Delay(TimeSpan.FromSeconds(3)); // steady state: every node beating, one Active
        var before = await CountersAsync(database);
        await Task.Delay(window);
        var after = await CountersAsync(database);
        var beats = after.NodeUpdates - before.NodeUpdates;
        Console.WriteLine(
            $"heartbeat cost, {count} real nodes ({Settings.HeartbeatIntervalMs} ms): {beats} heartbeats in {window.TotalSeconds:F0} s, "
            + $"{(double)(after.Commits - before.Commits) / beats:F2} transactions and {(double)(after.RowsWritten - before.RowsWritten) / beats:F2} rows written per heartbeat");
    }

    private static async Task SimulatedAsync(int count, TimeSpan window)
    {
        var database = await TestPostgres.CreateDatabaseAsync("bench_sim");
        var connectionString = TestPostgres.ConnectionStringFor(database);
        await using (var context = new PostgresOrchestratorDbContext(new DbContextOptionsBuilder<PostgresOrchestratorDbContext>().UseNpgsql(connectionString).Options))
        {
            await context.Database.MigrateAsync();
        }

        // One pool for all simulated members (a real node has its own of at most 8 connections), without the reset on
        // return, as ClusterStoreFactory opens it.
        await using var store = new PostgresClusterStore(new NpgsqlDataSourceBuilder(
            new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = Math.Min(64, 8 * count), CommandTimeout = 30, NoResetOnClose = true }.ToString()).Build());
        var members = new List<(ClusterMember Member, LeaseClock Lease)>();
        for (var i = 0; i < count; i++)
        {
            var nodeId = Guid.NewGuid();
            var nonce = Guid.NewGuid();
            var announcement = new NodeAnnouncement(nodeId, nonce, $"sim-{i:000}", $"http://sim-{i:000}.test", "1.0.0", "fp", "fp", DateTimeOffset.UtcNow, null, null);
            await store.RegisterAsync(announcement, Settings.FailoverTimeout, null, CancellationToken.None);
            var lease = new LeaseClock(TimeProvider.System);
            members.Add((new ClusterMember(store, Settings, nodeId, nonce, (role, _) => Task.FromResult(announcement with { Role = role }), lease, NoListener.Instance, TimeProvider.System, NullLogger.Instance), lease));
        }

        var commands = 0L;
        var statements = 0L;
        var measuring = false;
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                if (Volatile.Read(ref measuring))
                {
                    Interlocked.Increment(ref commands);
                    var text = activity.GetTagItem("db.query.text") as string ?? activity.GetTagItem("db.statement") as string ?? string.Empty;
                    Interlocked.Add(ref statements, Math.Max(1, text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Length));
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        var times = new ConcurrentBag<double>();
        using var stop = new CancellationTokenSource();
        var loops = members.Select(m => Task.Run(async () =>
        {
            await Task.Delay(Random.Shared.Next(Settings.HeartbeatIntervalMs), CancellationToken.None); // nodes do not start in step
            while (!stop.IsCancellationRequested)
            {
                var watch = Stopwatch.StartNew();
                await m.Member.BeatAsync(CancellationToken.None);
                if (Volatile.Read(ref measuring))
                {
                    times.Add(Statistics.Ms(watch));
                }

                try
                {
                    await Task.Delay(Settings.HeartbeatIntervalMs, stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        })).ToList();

        await Task.Delay(TimeSpan.FromSeconds(3)); // every member registered its first beats; one took the slot
        var before = await CountersAsync(database);
        Volatile.Write(ref measuring, true);
        await Task.Delay(window);
        Volatile.Write(ref measuring, false);
        var after = await CountersAsync(database);
        var actives = members.Count(m => m.Lease.IsHeld);
        await stop.CancelAsync();
        await Task.WhenAll(loops);

        var beats = times.Count;
        var counted = after.NodeUpdates - before.NodeUpdates;
        var expected = count * window.TotalMilliseconds / Settings.HeartbeatIntervalMs;
        Console.WriteLine(
            $"heartbeat cost, {count} simulated members ({Settings.HeartbeatIntervalMs} ms, one process): {beats} rounds in {window.TotalSeconds:F0} s ({beats / expected:P0} of the nominal rate), "
            + $"round mean {times.Average():F2} ms, p95 {Statistics.Percentile([.. times], 0.95):F2} ms; per heartbeat {(double)commands / beats:F2} commands, {(double)statements / beats:F2} statements, "
            + $"{(double)(after.Commits - before.Commits) / counted:F2} transactions, {(double)(after.RowsWritten - before.RowsWritten) / counted:F2} rows written; {actives} Active at the end");
    }

    /// <summary>Committed transactions of the database and rows written to its tables, from the statistics collector.</summary>
    private static async Task<(long Commits, long RowsWritten, long NodeUpdates)> CountersAsync(string database)
    {
        // Statistics reach the shared counters when a backend flushes them (at most once a second while busy).
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        long commits;
        await using (var server = new NpgsqlConnection(TestPostgres.AdminConnectionString))
        {
            await server.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT xact_commit FROM pg_stat_database WHERE datname = @db", server);
            command.Parameters.AddWithValue("db", database);
            commits = (long)(await command.ExecuteScalarAsync())!;
        }

        await using var connection = new NpgsqlConnection(TestPostgres.ConnectionStringFor(database));
        await connection.OpenAsync();
        await using var tables = new NpgsqlCommand(
            "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)::bigint, coalesce(sum(n_tup_upd) FILTER (WHERE relname = 'cluster_nodes'), 0)::bigint FROM pg_stat_user_tables",
            connection);
        await using var reader = await tables.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (commits, reader.GetInt64(0), reader.GetInt64(1));
    }

    private sealed class NoListener : IClusterMemberListener
    {
        public static readonly NoListener Instance = new();

        public void DatabaseReachable(string? problem)
        {
        }

        public void IdentityLost()
        {
        }

        public Task TookOverAsync(LeaseGrant grant, Guid previousHolder) => Task.CompletedTask;

        public Task NodesFailedAsync(IReadOnlyList<FailedNode> nodes, LeaseGrant grant) => Task.CompletedTask;
    }
}
