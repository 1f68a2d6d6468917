namespace OrchestratorConsole.Core.Features.Database;

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
