using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using OrchestratorConsole.Core.Data.Orchestrator;
using OrchestratorConsole.Core.Features.Cluster;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Server;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Core.Tests.Features.Cluster;

/// <summary>
/// Several cluster members in one process against the real PostgreSQL, with pauses the test controls: a paused
/// member simply does not beat.
/// </summary>
public sealed class PostgresCoordinationTests : IAsyncLifetime
{
    private static readonly ClusterSettings Settings = new() { ClusterMode = true, ActiveNodes = 1, HeartbeatIntervalMs = 250, FailoverHeartbeats = 4 };
    private string _connectionString = string.Empty;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly List<IClusterStore> _stores = [];

    public async ValueTask InitializeAsync()
    {
        var database = await TestPostgres.CreateDatabaseAsync("coord");
        _connectionString = TestPostgres.ConnectionStringFor(database);
        await using var context = new PostgresOrchestratorDbContext(new DbContextOptionsBuilder<PostgresOrchestratorDbContext>().UseNpgsql(_connectionString).Options);
        await context.Database.MigrateAsync(Ct);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_standby_takes_over_a_paused_active_and_the_deposed_members_fenced_write_is_refused()
    {
        var a = await JoinAsync("a");
        var b = await JoinAsync("b");
        await a.Member.BeatAsync(Ct);
        await b.Member.BeatAsync(Ct);
        Assert.Equal(ServerRole.Active, a.Member.Role);
        Assert.Equal(ServerRole.Standby, b.Member.Role);
        var deposedGrant = a.Lease.Grant!;

        // a pauses past its lease; b keeps beating and takes the slot.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (b.Member.Role != ServerRole.Active && DateTime.UtcNow < deadline)
        {
            await Task.Delay(Settings.HeartbeatIntervalMs, Ct);
            await b.Member.BeatAsync(Ct);
        }

        Assert.Equal(ServerRole.Active, b.Member.Role);
        Assert.True(b.Lease.Grant!.Epoch > deposedGrant.Epoch);
        Assert.Equal(a.NodeId, Assert.Single(b.Listener.TakeOvers).PreviousHolder);
        Assert.Equal(ServerRole.Standby, a.Member.Role); // it woke up, and knows from its own clock

        var claim = new LeaseClaim(a.NodeId, a.Nonce, Settings.ActiveNodes, Settings.FailoverTimeout);
        await Assert.ThrowsAsync<FencedWriteException>(() => a.Store.HousekeepAsync(deposedGrant, claim, Ct));
        Assert.False(await a.Store.RenewAsync(deposedGrant, claim, Ct));

        await a.Member.BeatAsync(Ct);
        Assert.Equal(ServerRole.Standby, a.Member.Role);
        AssertNoOverlap(await a.Store.LeaseHistoryAsync(Ct));
    }

    [Fact]
    public async Task Members_pausing_at_random_never_hold_one_slot_at_the_same_time()
    {
        var members = new List<TestMember>();
        for (var i = 0; i < 4; i++)
        {
            members.Add(await JoinAsync($"m{i}"));
        }

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(8));
        var maxHolders = 0;
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                maxHolders = Math.Max(maxHolders, members.Count(m => m.Lease.IsHeld));
                await Task.Delay(5, CancellationToken.None);
            }
        }, CancellationToken.None);
        var loops = members.Select((m, i) => Task.Run(async () =>
        {
            var random = new Random(i);
            while (!stop.IsCancellationRequested)
            {
                await m.Member.BeatAsync(CancellationToken.None);
                var pause = random.NextDouble() < 0.15 ? random.Next(800, 1600) : Settings.HeartbeatIntervalMs;
                await Task.Delay(pause, CancellationToken.None);
            }
        }, CancellationToken.None)).ToList();
        await Task.WhenAll(loops.Append(sampler));

        Assert.Equal(1, maxHolders);
        var history = await members[0].Store.LeaseHistoryAsync(Ct);
        Assert.True(history.Count >= 2, $"the pauses should have caused takeovers; history has {history.Count} entries");
        AssertNoOverlap(history);
    }

    [Fact]
    public async Task Two_active_slots_give_two_actives_and_a_standby()
    {
        var settings = Settings with { ActiveNodes = 2 };
        var members = new[] { await JoinAsync("x", settings), await JoinAsync("y", settings), await JoinAsync("z", settings) };
        foreach (var m in members)
        {
            await m.Member.BeatAsync(Ct);
        }

        Assert.Equal(2, members.Count(m => m.Member.Role == ServerRole.Active));
        Assert.Equal(1, members.Count(m => m.Member.Role == ServerRole.Standby));
    }

    [Fact]
    public async Task A_second_live_process_with_the_same_node_id_is_refused()
    {
        var original = await JoinAsync("original");
        var store = CreateStore();
        var clone = Announcement(original.NodeId, Guid.NewGuid(), "clone");

        var refused = await Assert.ThrowsAsync<DuplicateNodeIdentityException>(() => store.RegisterAsync(clone, Settings.FailoverTimeout, null, Ct));
        Assert.Contains("http://original.test", refused.Message);

        await original.Store.MarkStoppedAsync(original.NodeId, original.Nonce, Ct);
        await store.RegisterAsync(clone, Settings.FailoverTimeout, null, Ct); // once the original stopped, the id is free
    }

    [Fact]
    public async Task A_record_is_taken_over_only_while_it_names_the_instance_and_heartbeat_that_were_seen()
    {
        var original = await JoinAsync("original");
        var restarted = Announcement(original.NodeId, Guid.NewGuid(), "restarted");
        var store = CreateStore();
        var seen = (await Assert.ThrowsAsync<DuplicateNodeIdentityException>(() => store.RegisterAsync(restarted, Settings.FailoverTimeout, null, Ct))).Instance;
        Assert.Equal(original.Nonce, seen.Nonce);

        await original.Member.BeatAsync(Ct); // the seen instance is alive: it beat since
        await Assert.ThrowsAsync<DuplicateNodeIdentityException>(() => store.RegisterAsync(restarted, Settings.FailoverTimeout, seen, Ct));

        var silent = (await Assert.ThrowsAsync<DuplicateNodeIdentityException>(() => store.RegisterAsync(restarted, Settings.FailoverTimeout, null, Ct))).Instance;
        await store.RegisterAsync(restarted, Settings.FailoverTimeout, silent, Ct); // it did not beat since: taken over

        Assert.False(await original.Store.HeartbeatAsync(Announcement(original.NodeId, original.Nonce, "original"), Ct));
        Assert.Equal(restarted.InstanceNonce, (await store.ListNodesAsync(Ct)).Single(n => n.NodeId == original.NodeId).InstanceNonce);
    }

    [Fact]
    public async Task The_active_declares_a_silent_node_failed_once_and_records_the_event()
    {
        var active = await JoinAsync("active");
        var silent = await JoinAsync("silent");
        await active.Member.BeatAsync(Ct);
        await Task.Delay(Settings.FailoverTimeout + TimeSpan.FromMilliseconds(300), Ct);
        await active.Member.BeatAsync(Ct);
        await active.Member.BeatAsync(Ct);

        var failed = Assert.Single(active.Listener.Failed);
        Assert.Equal(silent.NodeId, failed.NodeId);
        var nodes = await active.Store.ListNodesAsync(Ct);
        Assert.Equal(NodeStates.Failed, nodes.Single(n => n.NodeId == silent.NodeId).State);
        var events = await active.Store.EventsAfterAsync(0, Ct);
        Assert.Contains(events, e => e.Kind == "node-failed" && e.NodeId == silent.NodeId);

        Assert.False(await active.Store.RemoveNodeAsync(active.NodeId, Settings.FailoverTimeout, Ct)); // live
        Assert.True(await active.Store.RemoveNodeAsync(silent.NodeId, Settings.FailoverTimeout, Ct)); // stale
        Assert.Null(await active.Store.RemoveNodeAsync(silent.NodeId, Settings.FailoverTimeout, Ct)); // gone
    }

    /// <summary>For each slot, every holder's validity ends before the next epoch was acquired.</summary>
    private static void AssertNoOverlap(IReadOnlyList<LeaseHistoryEntry> history)
    {
        foreach (var slot in history.GroupBy(h => h.Slot))
        {
            var ordered = slot.OrderBy(h => h.Epoch).ToList();
            for (var i = 1; i < ordered.Count; i++)
            {
                Assert.True(
                    ordered[i].AcquiredAt >= ordered[i - 1].ValidUntil,
                    $"slot {slot.Key}: epoch {ordered[i].Epoch} acquired at {ordered[i].AcquiredAt:O} while epoch {ordered[i - 1].Epoch} was valid until {ordered[i - 1].ValidUntil:O}");
            }
        }
    }

    private PostgresClusterStore CreateStore()
    {
        var store = new PostgresClusterStore(NpgsqlDataSource.Create(_connectionString));
        _stores.Add(store);
        return store;
    }

    private async Task<TestMember> JoinAsync(string name, ClusterSettings? settings = null)
    {
        settings ??= Settings;
        var store = CreateStore();
        var nodeId = Guid.NewGuid();
        var nonce = Guid.NewGuid();
        var lease = new LeaseClock(TimeProvider.System);
        var listener = new RecordingListener();
        await store.RegisterAsync(Announcement(nodeId, nonce, name), settings.FailoverTimeout, null, Ct);
        var member = new ClusterMember(store, settings, nodeId, nonce, (role, _) => Task.FromResult(Announcement(nodeId, nonce, name) with { Role = role }), lease, listener, TimeProvider.System, NullLogger.Instance);
        return new TestMember(nodeId, nonce, store, member, lease, listener);
    }

    private static NodeAnnouncement Announcement(Guid nodeId, Guid nonce, string name) =>
        new(nodeId, nonce, name, $"http://{name}.test", "1.0.0", "fp", "fp", DateTimeOffset.UtcNow, null, null);

    private sealed record TestMember(Guid NodeId, Guid Nonce, IClusterStore Store, ClusterMember Member, LeaseClock Lease, RecordingListener Listener);

    private sealed class RecordingListener : IClusterMemberListener
    {
        public List<(LeaseGrant Grant, Guid PreviousHolder)> TakeOvers { get; } = [];

        public List<FailedNode> Failed { get; } = [];

        public string? Problem { get; private set; }

        public void DatabaseReachable(string? problem) => Problem = problem;

        public void IdentityLost()
        {
        }

        public Task TookOverAsync(LeaseGrant grant, Guid previousHolder)
        {
            lock (TakeOvers)
            {
                TakeOvers.Add((grant, previousHolder));
            }

            return Task.CompletedTask;
        }

        public Task NodesFailedAsync(IReadOnlyList<FailedNode> nodes, LeaseGrant grant)
        {
            Failed.AddRange(nodes);
            return Task.CompletedTask;
        }
    }
}
