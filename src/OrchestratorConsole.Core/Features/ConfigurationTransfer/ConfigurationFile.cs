using System.Text.Json.Nodes;

namespace OrchestratorConsole.Core.Features.ConfigurationTransfer;

/// <summary>The names and numbers of the <c>.vmoconfig</c> format.</summary>
public static class ConfigurationFile
{
    public const string FormatName = "orchestrator-console-configuration";
    public const int FormatVersion = 1;
    public const string Extension = ".vmoconfig";
    public const string PluginsSection = "plugins";

    /// <summary>The largest file an import accepts (413 above it).</summary>
    public const long MaxBytes = 16L * 1024 * 1024;
}

/// <summary>A field that differs between the file and the live node. Secrets show only whether they are set.</summary>
public sealed record ImportFieldChange(string Field, string? Current, string? Incoming, bool Secret);

/// <summary>One section of the file as the preview shows it.</summary>
public sealed record ImportSectionPreview(string Section, string Title, bool Changes, bool NeedsRestart, bool Identity, bool Importable, string? Reason, IReadOnlyList<ImportFieldChange> Fields);

/// <summary>A plug-in the file configures that this node lacks, or has in another version.</summary>
public sealed record MissingPlugin(string Id, string Name, string Version, string? LocalVersion);

/// <summary>What an import would do; nothing is written.</summary>
public sealed record ImportPreview(
    string SourceNode,
    string SourceNodeId,
    string ProductVersion,
    bool Encrypted,
    IReadOnlyList<ImportSectionPreview> Sections,
    IReadOnlyList<MissingPlugin> MissingPlugins,
    IReadOnlyList<string> SecretsToReenter,
    IReadOnlyList<string> DefaultSections);

/// <summary>What an import did.</summary>
public sealed record ImportResult(IReadOnlyList<string> Sections, IReadOnlyList<long> Revisions, bool PendingRestart, string Source);

/// <summary>A read, checked and decrypted file: the sections' values with secrets in clear (null where omitted).</summary>
internal sealed record OpenedFile(JsonObject Document, JsonObject Configuration, bool Encrypted, IReadOnlySet<string> OmittedSecrets);
