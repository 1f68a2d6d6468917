namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>What a heartbeat round observed, for the server to act on.</summary>
public interface IClusterMemberListener
{
    /// <summary>The round succeeded (reason null) or a database could not be used (reason says which, why, and that the node stands by).</summary>
    void DatabaseReachable(string? reason);

    /// <summary>Another process now owns this node's row: this one must stop.</summary>
    void IdentityLost();

    /// <summary>This node took an active slot whose previous holder was another node.</summary>
    Task TookOverAsync(LeaseGrant grant, Guid previousHolder);

    /// <summary>The Active's housekeeping declared these nodes failed.</summary>
    Task NodesFailedAsync(IReadOnlyList<FailedNode> nodes, LeaseGrant grant);
}
