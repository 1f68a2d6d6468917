using OrchestratorConsole.Core.Features.PlugIns;

namespace OrchestratorConsole.Core.Features.ConfigurationTransfer;

/// <summary>What an administrator asks of an import: the file, its password, the sections to take and how.</summary>
public sealed record ImportRequest(byte[] Content, string? Password, string FileName)
{
    /// <summary>The sections to import; empty for every section the file holds except identity sections (those only with <see cref="OverrideIdentity"/>).</summary>
    public IReadOnlyList<string> Sections { get; init; } = [];

    /// <summary>Restoring this same node: the identity sections may be imported.</summary>
    public bool OverrideIdentity { get; init; }

    /// <summary>The versions the preview was computed on (<see cref="ImportPreview.ExpectedVersions"/>); null to take the current ones.</summary>
    public IReadOnlyDictionary<string, int>? ExpectedVersions { get; init; }

    /// <summary>
    /// Secrets the administrator types for this import, by their name in the file (for example <c>database.password</c>
    /// or <c>plugins.&lt;id&gt;.password</c>): only secrets the file leaves out, and required where the file changes
    /// where one is sent (<see cref="ImportSectionPreview.SecretsRequired"/>).
    /// </summary>
    public IReadOnlyDictionary<string, string> Secrets { get; init; } = new Dictionary<string, string>();

    /// <summary>Packages fetched for this import (a join): previewed as installed, and installed in the same step as the apply.</summary>
    public IReadOnlyList<StagedPackage> Packages { get; init; } = [];
}
