namespace OrchestratorConsole.Core.Features.ConfigurationTransfer;

/// <summary>What an import would do; nothing is written.</summary>
public sealed record ImportPreview(
    string SourceNode,
    string SourceNodeId,
    string ProductVersion,
    bool Encrypted,
    IReadOnlyList<ImportSectionPreview> Sections,
    IReadOnlyList<MissingPlugin> MissingPlugins,
    IReadOnlyList<string> SecretsToReenter,
    IReadOnlyList<string> DefaultSections)
{
    /// <summary>
    /// The version of every section the apply would write, as this preview read it: send it back as the import's
    /// <c>expectedVersions</c>, and a section saved since is refused (409) with nothing written.
    /// </summary>
    public IReadOnlyDictionary<string, int> ExpectedVersions { get; init; } = new Dictionary<string, int>();

    /// <summary>
    /// Whether the file is authenticated: its integrity is an HMAC under the password it was opened with. A file
    /// checked only with SHA-256 is unauthenticated, since anyone can rewrite it and compute the hash again.
    /// </summary>
    public bool Authenticated { get; init; }
}
