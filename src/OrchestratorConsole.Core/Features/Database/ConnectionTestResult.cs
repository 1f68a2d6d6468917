namespace OrchestratorConsole.Core.Features.Database;

/// <summary>What <c>Test connection</c> found.</summary>
public sealed record ConnectionTestResult(bool Ok, string? ServerVersion, IReadOnlyList<ConnectionCheck> Checks)
{
    public static ConnectionTestResult Failed(string name, string message) => new(false, null, [new ConnectionCheck(name, false, message)]);
}
