namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>Where one node stands in an action on all the other nodes, one at a time.</summary>
public enum NodeServerStep
{
    /// <summary>Its turn has not come yet.</summary>
    Queued,

    /// <summary>The call that starts, stops or restarts it is on its way.</summary>
    Acting,

    /// <summary>It accepted a start or restart; waiting for its server to report Running.</summary>
    WaitingForRunning,

    Done,
    Failed,

    /// <summary>An earlier node failed, so the sequence stopped before this one.</summary>
    NotAttempted,
}
