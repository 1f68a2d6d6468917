namespace OrchestratorConsole.Core.Features.Configuration;

/// <summary>How a PostgreSQL Orchestrator database connection uses TLS (the Database tab's TLS mode).</summary>
public enum DatabaseSslMode
{
    /// <summary>Never encrypted: the password and the data cross the network in clear.</summary>
    Disable,

    /// <summary>Encrypted when the server offers it, without checking who the server is.</summary>
    Prefer,

    /// <summary>Always encrypted, without checking who the server is.</summary>
    Require,

    /// <summary>Always encrypted, to a server whose certificate the system store or the SSL trust list vouches for, for the host name called.</summary>
    VerifyFull,
}
