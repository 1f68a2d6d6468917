namespace OrchestratorConsole.Core.Data.Orchestrator;

/// <summary>
/// The nonce of a node-to-node call some node accepted, kept while a call carrying it could still be accepted: its
/// unique key is what refuses a replay on every node of the cluster and after a restart.
/// </summary>
public sealed class NodeToNodeNonce
{
    public required string Nonce { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}
