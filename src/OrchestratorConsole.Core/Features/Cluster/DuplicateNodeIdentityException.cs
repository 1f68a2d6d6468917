namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>Another live process already uses this node id.</summary>
public sealed class DuplicateNodeIdentityException(string otherUrl)
    : Exception($"Another running console ({otherUrl}) uses this node's id — is this machine a clone? Regenerate node identity on this node, then start again.")
{
    public string OtherUrl { get; } = otherUrl;
}
