namespace OrchestratorConsole.Core.Features.Database;

/// <summary>One line of a connection test: what was checked, whether it passed, and what to do.</summary>
public sealed record ConnectionCheck(string Name, bool Ok, string Message, string? Statement = null);

/// <summary>What <c>Test connection</c> found.</summary>
public sealed record ConnectionTestResult(bool Ok, string? ServerVersion, IReadOnlyList<ConnectionCheck> Checks)
{
    public static ConnectionTestResult Failed(string name, string message) => new(false, null, [new ConnectionCheck(name, false, message)]);
}

/// <summary>The Orchestrator schema: installed version against the version this console needs.</summary>
public sealed record SchemaStatus(int CurrentVersion, int TargetVersion)
{
    public bool Installed => CurrentVersion > 0;

    public bool IsCurrent => CurrentVersion == TargetVersion;

    public string Describe() => !Installed
        ? $"The Orchestrator schema is not installed (this console needs version {TargetVersion}): click Install database."
        : IsCurrent
            ? $"Schema version {CurrentVersion} is current."
            : CurrentVersion < TargetVersion
                ? $"Schema version {CurrentVersion} is older than the version {TargetVersion} this console needs: click Update database."
                : $"Schema version {CurrentVersion} is newer than the version {TargetVersion} this console knows: upgrade this node's console.";
}

/// <summary>The last known state of the saved Orchestrator database settings.</summary>
public sealed record DatabaseStatus(string SettingsKey, bool Reachable, SchemaStatus? Schema, string Message, DateTimeOffset CheckedAt)
{
    public bool IsGood => Reachable && Schema is { IsCurrent: true };
}
