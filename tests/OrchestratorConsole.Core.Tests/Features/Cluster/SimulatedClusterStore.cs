using Microsoft.Extensions.Time.Testing;
using Npgsql;
using OrchestratorConsole.Core.Data.Orchestrator;
using OrchestratorConsole.Core.Features.Cluster;

namespace OrchestratorConsole.Core.Tests.Features.Cluster;

/// <summary>
/// The lease and heartbeat statements of <see cref="PostgresClusterStore"/>, kept in memory on a
/// <see cref="FakeTimeProvider"/> that stands for the database's clock, so the lease arithmetic can be followed at the
/// product's real timings (a minute, or hours, per failover) in milliseconds. Every call takes
/// <see cref="Latency"/> of simulated time — half on the way there, when the statement runs at that moment's
/// <c>now()</c>, half on the way back — and lets the test look at the cluster after each step of time.
/// </summary>
internal sealed class SimulatedClusterStore(FakeTimeProvider time, Action observe) : IClusterStore
{
    private readonly Slot[] _slots = Enumerable.Range(0, 32).Select(_ => new Slot()).ToArray();
    private readonly Dictionary<Guid, (Guid Nonce, DateTimeOffset LastHeartbeat, bool Running)> _nodes = [];
    private readonly HashSet<Guid> _failNext = [];

    /// <summary>How long a round trip to the database takes.</summary>
    public TimeSpan Latency { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>The steps in which simulated time passes during a call, each followed by a look at the cluster.</summary>
    public TimeSpan Step { get; set; } = TimeSpan.FromMilliseconds(5);

    public bool CoordinatesLeases => true;

    /// <summary>The next statement of <paramref name="nodeId"/> fails as a broken connection would.</summary>
    public void FailNextCall(Guid nodeId) => _failNext.Add(nodeId);

    /// <summary>Lets <paramref name="duration"/> of simulated time pass, looking at the cluster after every step.</summary>
    public void Pass(TimeSpan duration)
    {
        while (duration > TimeSpan.Zero)
        {
            var step = duration < Step ? duration : Step;
            time.Advance(step);
            duration -= step;
            observe();
        }
    }

    public Task<DateTimeOffset> NowAsync(CancellationToken cancellationToken) => Task.FromResult(Call(Guid.Empty, () => time.GetUtcNow()));

    public Task<byte[]> EnsureClusterKeyAsync(CancellationToken cancellationToken) => Task.FromResult(new byte[32]);

    public Task<bool> RecordNonceAsync(string nonce, TimeSpan keep, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The simulation covers leases and heartbeats, not node-to-node calls.");

    public Task RegisterAsync(NodeAnnouncement node, TimeSpan failoverTimeout, NodeInstance? replacing, CancellationToken cancellationToken)
    {
        Call(node.NodeId, () => _nodes[node.NodeId] = (node.InstanceNonce, time.GetUtcNow(), true));
        return Task.CompletedTask;
    }

    public Task<bool> HeartbeatAsync(NodeAnnouncement node, CancellationToken cancellationToken) => Task.FromResult(Call(node.NodeId, () =>
    {
        if (!_nodes.TryGetValue(node.NodeId, out var row) || row.Nonce != node.InstanceNonce)
        {
            return false;
        }

        _nodes[node.NodeId] = (row.Nonce, time.GetUtcNow(), true);
        return true;
    }));

    public Task<(LeaseGrant Grant, Guid? PreviousHolder)?> TryAcquireAsync(LeaseClaim claim, CancellationToken cancellationToken) => Task.FromResult(Call(claim.NodeId, () =>
    {
        var now = time.GetUtcNow();
        if (_slots.Any(s => s.Holder == claim.NodeId && s.Nonce == claim.Nonce && s.ExpiresAt >= now))
        {
            return ((LeaseGrant, Guid?)?)null;
        }

        var index = Array.FindIndex(_slots, s => s.Holder is null || s.ExpiresAt < now);
        if (index < 0 || index >= claim.ActiveNodes)
        {
            return null;
        }

        var slot = _slots[index];
        var previous = slot.Holder;
        (slot.Holder, slot.Nonce, slot.Epoch, slot.ExpiresAt) = (claim.NodeId, claim.Nonce, slot.Epoch + 1, now + claim.TimeToLive);
        return (new LeaseGrant(index, slot.Epoch), previous);
    }));

    public Task<bool> RenewAsync(LeaseGrant grant, LeaseClaim claim, CancellationToken cancellationToken) => Task.FromResult(Call(claim.NodeId, () =>
    {
        var slot = _slots[grant.Slot];
        if (slot.Epoch != grant.Epoch || slot.Holder != claim.NodeId || slot.Nonce != claim.Nonce || grant.Slot >= claim.ActiveNodes)
        {
            return false;
        }

        slot.ExpiresAt = time.GetUtcNow() + claim.TimeToLive;
        return true;
    }));

    public Task<IReadOnlyList<FailedNode>> HousekeepAsync(LeaseGrant grant, LeaseClaim claim, CancellationToken cancellationToken) => Task.FromResult(Call(claim.NodeId, () =>
    {
        var slot = _slots[grant.Slot];
        var now = time.GetUtcNow();
        if (slot.Epoch != grant.Epoch || slot.Holder != claim.NodeId || slot.Nonce != claim.Nonce || slot.ExpiresAt <= now)
        {
            throw new FencedWriteException(grant.Slot, grant.Epoch);
        }

        var failed = _nodes.Where(n => n.Key != claim.NodeId && n.Value.Running && n.Value.LastHeartbeat < now - claim.TimeToLive).Select(n => n.Key).ToList();
        failed.ForEach(id => _nodes[id] = _nodes[id] with { Running = false });
        return (IReadOnlyList<FailedNode>)failed.Select(id => new FailedNode(id, id.ToString())).ToList();
    }));

    public Task MarkStoppedAsync(Guid nodeId, Guid nonce, CancellationToken cancellationToken)
    {
        Call(nodeId, () =>
        {
            foreach (var slot in _slots.Where(s => s.Holder == nodeId && s.Nonce == nonce))
            {
                (slot.Holder, slot.Nonce, slot.ExpiresAt) = (null, null, time.GetUtcNow());
            }

            return true;
        });
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ClusterNodeRecord>> ListNodesAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<ClusterNodeRecord>>([]);

    public Task<IReadOnlyList<ClusterEventRecord>> EventsAfterAsync(long afterId, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<ClusterEventRecord>>([]);

    public Task AddEventAsync(NewClusterEvent clusterEvent, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<bool?> RemoveNodeAsync(Guid nodeId, TimeSpan failoverTimeout, CancellationToken cancellationToken) => Task.FromResult<bool?>(null);

    public Task<IReadOnlyList<LeaseHistoryEntry>> LeaseHistoryAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<LeaseHistoryEntry>>([]);

    public Task<int?> LowestHeldSlotAsync(CancellationToken cancellationToken) => Task.FromResult<int?>(null);

    public Task<long> LatestEventIdAsync(DateTimeOffset before, CancellationToken cancellationToken) => Task.FromResult(0L);

    public Task<long?> ReadMarkAsync(string key, CancellationToken cancellationToken) => Task.FromResult<long?>(null);

    public Task<bool> MoveMarkAsync(string key, long? expected, long next, CancellationToken cancellationToken) => Task.FromResult(false);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private T Call<T>(Guid nodeId, Func<T> statement)
    {
        Pass(Latency / 2);
        if (_failNext.Remove(nodeId))
        {
            Pass(Latency / 2);
            throw new NpgsqlException("Exception while reading from stream (simulated broken connection)");
        }

        var result = statement();
        Pass(Latency / 2);
        return result;
    }

    private sealed class Slot
    {
        public Guid? Holder { get; set; }

        public Guid? Nonce { get; set; }

        public long Epoch { get; set; }

        public DateTimeOffset ExpiresAt { get; set; } = DateTimeOffset.MinValue;
    }
}
