using System.Data.Common;
using Npgsql;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Data.Orchestrator;
using OrchestratorConsole.Core.Features.Audit;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Database;
using OrchestratorConsole.Core.Features.Node;

namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>Reads the cluster's state from the Orchestrator database and removes stale node records.</summary>
public sealed class ClusterService(
    ConfigurationService configuration,
    RunningClusterStore running,
    ClusterStoreFactory stores,
    NodeIdentityService identity,
    AuditService audit) : IAsyncDisposable
{
    private readonly SemaphoreSlim _readerGate = new(1, 1);
    private (string Key, IClusterStore Store)? _reader;
    private CoalescedRead<ClusterView>? _views;

    /// <summary>
    /// The cluster as the database shows it now. Callers who ask at once share one read, never one that started
    /// before they asked, so many readers (the API under load) cost the database a read per round trip, not each.
    /// </summary>
    public Task<ClusterView> GetAsync(CancellationToken cancellationToken = default) =>
        LazyInitializer.EnsureInitialized(ref _views, () => new CoalescedRead<ClusterView>(ReadAsync)).ReadAsync(cancellationToken);

    private async Task<ClusterView> ReadAsync(CancellationToken cancellationToken)
    {
        var settings = (await configuration.GetAsync<ClusterSettings>(cancellationToken)).Settings;
        try
        {
            var store = await StoreAsync(cancellationToken);
            var (now, records) = await store.ListNodesWithNowAsync(cancellationToken);
            return new ClusterView(settings, Describe(records, now, settings.FailoverTimeout, identity.NodeId), null);
        }
        catch (Exception ex) when (ex is DbException or TimeoutException or InvalidOperationException or ConflictException)
        {
            return new ClusterView(settings, [], ex is PostgresException { SqlState: "42P01" } ? "The Orchestrator database has no cluster tables yet: install or update the database." : ex.Message);
        }
    }

    /// <summary>The sync state and liveness of every node, from the records and the database's clock.</summary>
    public static IReadOnlyList<ClusterNodeView> Describe(IReadOnlyList<ClusterNodeRecord> records, DateTimeOffset now, TimeSpan failoverTimeout, Guid thisNode)
    {
        var inputs = records.Select(r => new SyncStateCalculator.Input(r.NodeId, IsLive(r, now, failoverTimeout), r.State == NodeStates.Running, r.ActiveFingerprint, r.PendingFingerprint, r.PendingSavedAt)).ToList();
        var reference = SyncStateCalculator.Reference(inputs);
        var plugins = PluginConsistency.Describe(records.Select((r, i) => (r.NodeId, inputs[i].Live, r.Plugins)).ToList());
        return records.Select((r, i) =>
        {
            var live = inputs[i].Live;
            var state = r.State == NodeStates.Running && !live ? NodeStates.Failed : r.State;
            return new ClusterNodeView(
                r.NodeId,
                r.Name,
                r.PublicUrl,
                r.ProductVersion,
                state,
                live ? r.Role : null,
                r.LastHeartbeat,
                Math.Max(0, (now - r.LastHeartbeat).TotalSeconds),
                r.ActiveFingerprint,
                r.PendingFingerprint,
                SyncStateCalculator.StateOf(inputs[i], reference),
                r.Plugins,
                r.NodeId == thisNode,
                r.ProductVersion != ProductInfo.Version,
                plugins.GetValueOrDefault(r.NodeId));
        }).ToList();
    }

    /// <summary>Removes a stale node's record; refused for a live node.</summary>
    public async Task RemoveNodeAsync(Actor actor, Guid nodeId, CancellationToken cancellationToken = default)
    {
        actor.DemandAdministrator();
        var settings = (await configuration.GetAsync<ClusterSettings>(cancellationToken)).Settings;
        var store = await StoreAsync(cancellationToken);
        var removed = await store.RemoveNodeAsync(nodeId, settings.FailoverTimeout, cancellationToken);
        switch (removed)
        {
            case null:
                throw new NotFoundException($"There is no node {nodeId} in the cluster.");
            case false:
                throw new ConflictException($"Node {nodeId} is live (its server runs and heartbeats): stop it before removing its record.", "Node is live");
        }

        await audit.RecordAsync(actor, "cluster.remove-node", ConfigurationRegistry.Cluster, nodeId.ToString(), cancellationToken: cancellationToken);
    }

    /// <summary>Cluster events (failovers, failed nodes) after <paramref name="afterId"/>, oldest first.</summary>
    public async Task<IReadOnlyList<ClusterEventView>> EventsAfterAsync(long afterId, CancellationToken cancellationToken = default)
    {
        try
        {
            var events = await (await StoreAsync(cancellationToken)).EventsAfterAsync(afterId, cancellationToken);
            return events.Select(e => new ClusterEventView(e.Id, e.Time, e.Kind, e.NodeId, e.NodeName, e.Detail)).ToList();
        }
        catch (Exception ex) when (ex is DbException or TimeoutException or InvalidOperationException or ConflictException)
        {
            return [];
        }
    }

    /// <summary>Lease history of every slot (for proving that no two holders overlapped).</summary>
    public async Task<IReadOnlyList<LeaseHistoryEntry>> LeaseHistoryAsync(CancellationToken cancellationToken = default) =>
        await (await StoreAsync(cancellationToken)).LeaseHistoryAsync(cancellationToken);

    /// <summary>
    /// Records the nonce of an accepted node-to-node call in the Orchestrator database, which every node shares; false
    /// when it was recorded before (a replay, to this node or another, before or after a restart).
    /// </summary>
    public async Task<bool> RecordNonceAsync(string nonce, CancellationToken cancellationToken = default) =>
        await (await StoreAsync(cancellationToken)).RecordNonceAsync(nonce, NodeToNodeSignature.NonceLifetime, cancellationToken);

    /// <summary>The running server's store, else one kept for reading from the configured database.</summary>
    internal async Task<IClusterStore> StoreAsync(CancellationToken cancellationToken)
    {
        if (running.Current is { } current)
        {
            return current;
        }

        var database = (await configuration.GetAsync<DatabaseSettings>(cancellationToken)).Settings;
        var key = DatabaseStatusService.KeyOf(database);
        await _readerGate.WaitAsync(cancellationToken);
        try
        {
            if (_reader is { } reader && reader.Key == key)
            {
                return reader.Store;
            }

            if (_reader is { } old)
            {
                await old.Store.DisposeAsync();
            }

            var store = stores.Create(database);
            _reader = (key, store);
            return store;
        }
        finally
        {
            _readerGate.Release();
        }
    }

    private static bool IsLive(ClusterNodeRecord record, DateTimeOffset now, TimeSpan failoverTimeout) =>
        record.State == NodeStates.Running && now - record.LastHeartbeat <= failoverTimeout;

    public async ValueTask DisposeAsync()
    {
        if (_reader is { } reader)
        {
            await reader.Store.DisposeAsync();
        }

    }
}
