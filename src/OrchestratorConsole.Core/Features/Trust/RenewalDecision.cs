namespace OrchestratorConsole.Core.Features.Trust;

/// <summary>What became of a renewed certificate a node asked the other nodes to approve.</summary>
public enum RenewalDecision
{
    /// <summary>No administrator has decided yet.</summary>
    Awaiting,

    /// <summary>It is in the trust list: the node may serve it.</summary>
    Approved,

    /// <summary>An administrator refused it: the node discards it.</summary>
    Rejected,

    /// <summary>The shared database holds no request for it (never written, or another database): ask again.</summary>
    Unknown,
}
