namespace OrchestratorConsole.Core.Features.Configuration;

/// <summary>What a configuration field is; fingerprint, export, import, diff and redaction all read these flags.</summary>
[Flags]
public enum FieldFlags
{
    None = 0,

    /// <summary>Must be identical on every node of a cluster.</summary>
    ClusterRelevant = 1,

    /// <summary>The node's identity: never compared between nodes, imported only with override identity.</summary>
    Identity = 2,

    /// <summary>Encrypted at rest, never shown, logged or exported in clear.</summary>
    Secret = 4,

    /// <summary>Takes effect as soon as it is saved.</summary>
    AppliesLive = 8,

    /// <summary>Takes effect at the next start of the Orchestrator server.</summary>
    NeedsRestart = 16,

    /// <summary>
    /// Says where (or as whom) the section's secrets are sent: a host, port, database, user. A secret is bound to its
    /// section's targets, so an import that changes a target without carrying the secret asks for the secret again.
    /// </summary>
    Target = 32,
}
