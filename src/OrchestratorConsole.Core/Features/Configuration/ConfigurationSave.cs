using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Data;

namespace OrchestratorConsole.Core.Features.Configuration;

/// <summary>
/// A save of one or more sections that lands atomically: every change becomes a revision in one transaction, with its
/// audit event and <see cref="Alongside"/>'s writes, or nothing is written.
/// </summary>
public sealed record ConfigurationSave(Actor Actor, IReadOnlyList<SectionChange> Changes)
{
    public string? Comment { get; init; }

    /// <summary>Where the change came from, for the history: a restore, an import file, another node.</summary>
    public string? Source { get; init; }

    /// <summary>The audit action of each revision.</summary>
    public string Action { get; init; } = "configuration.save";

    /// <summary>A secret sent as null clears it (a restore or an import) instead of keeping the stored value.</summary>
    public bool ClearSecretsSentAsNull { get; init; }

    /// <summary>Sections this save brings in that the registry does not hold yet (a plug-in being installed), or holds in an older form (upgraded).</summary>
    public IReadOnlyList<SectionDefinition> Defining { get; init; } = [];

    /// <summary>More writes to the settings store, in the same transaction (for example a plug-in's row).</summary>
    public Func<SettingsDbContext, CancellationToken, Task>? Alongside { get; init; }
}
