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
}
