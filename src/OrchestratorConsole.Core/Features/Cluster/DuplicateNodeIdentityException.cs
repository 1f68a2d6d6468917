namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>Another live process already uses this node id.</summary>
public sealed class DuplicateNodeIdentityException(string otherUrl, NodeInstance instance)
    : Exception($"Another running console ({otherUrl}) uses this node's id — is this machine a clone? Regenerate node identity on this node, then start again.")
{
    public string OtherUrl { get; } = otherUrl;

    /// <summary>The instance the node's record named, and its heartbeat, when the registration was refused.</summary>
    public NodeInstance Instance { get; } = instance;
}

/// <summary>One process of a node, as its record names it: the instance nonce and its last heartbeat.</summary>
public sealed record NodeInstance(Guid Nonce, DateTimeOffset LastHeartbeat);
