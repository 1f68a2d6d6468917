namespace OrchestratorConsole.Core.Features.Database;

/// <summary>What <c>Test connection</c> found.</summary>
public sealed record ConnectionTestResult(bool Ok, string? ServerVersion, IReadOnlyList<ConnectionCheck> Checks)
{
    /// <summary>How the connection was protected; null for the embedded database and for a test that did not get as far as a handshake.</summary>
    public ConnectionEncryption? Encryption { get; init; }

    public static ConnectionTestResult Failed(string name, string message) => new(false, null, [new ConnectionCheck(name, false, message)]);
}
