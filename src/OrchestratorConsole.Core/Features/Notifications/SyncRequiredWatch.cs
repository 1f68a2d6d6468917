using OrchestratorConsole.Core.Features.Cluster;

namespace OrchestratorConsole.Core.Features.Notifications;

/// <summary>
/// Records <c>sync-required</c> in the cluster's event log when a running node's configuration comes to differ from
/// the cluster's, once per node and pending configuration. Run by the sending node only; what was out of sync when it
/// began sending is taken as known, so a change of sender does not tell of the same node twice.
/// </summary>
public sealed class SyncRequiredWatch(ClusterService cluster, Node.NodeIdentityService identity)
{
    private Dictionary<Guid, string?>? _known;

    public async Task CheckAsync(IClusterStore store, CancellationToken cancellationToken)
    {
        var view = await cluster.GetAsync(cancellationToken);
        var now = view.Nodes
            .Where(n => n.State == NodeStates.Running && n.SyncState == SyncStates.SynchronizationRequired)
            .ToDictionary(n => n.NodeId, n => n.PendingFingerprint);
        if (_known is null)
        {
            _known = now;
            return;
        }

        foreach (var node in view.Nodes.Where(n => now.ContainsKey(n.NodeId)))
        {
            if (_known.TryGetValue(node.NodeId, out var fingerprint) && fingerprint == node.PendingFingerprint)
            {
                continue;
            }

            var detail = $"{node.Name}'s configuration differs from the cluster's: synchronize it from the Cluster tab, or restart it after a change meant for it.";
            await store.AddEventAsync(new NewClusterEvent(NotificationEvents.Kinds.SyncRequired, node.NodeId, node.Name, detail, identity.NodeId, null), cancellationToken);
        }

        _known = now;
    }

    /// <summary>This node stopped sending: when it sends again, it starts from what it then sees.</summary>
    public void Forget() => _known = null;
}
