using Microsoft.Extensions.Logging;
using OrchestratorConsole.Core.Features.Cluster;
using OrchestratorConsole.Core.Features.Configuration;

namespace OrchestratorConsole.Core.Features.Server;

// What the server does with what its heartbeat rounds observe: a lost database or identity, a takeover, failed nodes.
public sealed partial class OrchestratorServer
{
    void IClusterMemberListener.DatabaseReachable(string? reason)
    {
        if (reason != _reason && _state == ServerState.Running)
        {
            _reason = reason;
            Notify();
        }
    }

    void IClusterMemberListener.IdentityLost()
    {
        _duplicateIdentity = true;
        _ = Task.Run(async () =>
        {
            await _gate.WaitAsync();
            try
            {
                await StopCoreAsync(ServerState.Failed, "Another running console now uses this node's id — is this machine a clone? Regenerate node identity, then start again.");
            }
            finally
            {
                _gate.Release();
            }
        });
    }

    async Task IClusterMemberListener.TookOverAsync(LeaseGrant grant, Guid previousHolder)
    {
        var nodes = await (_store?.ListNodesAsync(CancellationToken.None) ?? Task.FromResult<IReadOnlyList<Data.Orchestrator.ClusterNodeRecord>>([]));
        var previous = nodes.FirstOrDefault(n => n.NodeId == previousHolder);
        var previousName = previous?.Name ?? previousHolder.ToString();
        metrics.TookOver(previous is null ? TimeSpan.Zero : time.GetUtcNow() - previous.LastHeartbeat);
        var detail = $"Failover: this node took over active slot {grant.Slot} (epoch {grant.Epoch}) from {previousName}.";
        await RecordClusterEventAsync(new NewClusterEvent("failover", previousHolder, previousName, detail, identity.NodeId, grant.Epoch));
    }

    async Task IClusterMemberListener.NodesFailedAsync(IReadOnlyList<FailedNode> nodes, LeaseGrant grant)
    {
        foreach (var node in nodes)
        {
            LogNodeFailed(logger, node.Name, node.NodeId);
            var detail = $"{node.Name} missed its heartbeats and was declared failed.";
            await audit.RecordAsync("system", "cluster.node-failed", ConfigurationRegistry.Cluster, detail, false, null);
            ClusterEventRaised?.Invoke(new ClusterEventView(0, time.GetUtcNow(), "node-failed", node.NodeId, node.Name, detail));
        }
    }

    private async Task RecordClusterEventAsync(NewClusterEvent clusterEvent)
    {
        LogFailover(logger, clusterEvent.Detail);
        if (_store is not null)
        {
            await _store.AddEventAsync(clusterEvent, CancellationToken.None);
        }

        await audit.RecordAsync("system", "cluster." + clusterEvent.Kind, ConfigurationRegistry.Cluster, clusterEvent.Detail, true, null);
        ClusterEventRaised?.Invoke(new ClusterEventView(0, time.GetUtcNow(), clusterEvent.Kind, clusterEvent.NodeId, clusterEvent.NodeName, clusterEvent.Detail));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster failover: node {Name} ({NodeId}) was declared failed")]
    private static partial void LogNodeFailed(ILogger logger, string name, Guid nodeId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster failover: {Detail}")]
    private static partial void LogFailover(ILogger logger, string detail);
}
