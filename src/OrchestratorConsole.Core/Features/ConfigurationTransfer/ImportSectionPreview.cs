namespace OrchestratorConsole.Core.Features.ConfigurationTransfer;

/// <summary>One section of the file as the preview shows it.</summary>
public sealed record ImportSectionPreview(string Section, string Title, bool Changes, bool NeedsRestart, bool Identity, bool Importable, string? Reason, IReadOnlyList<ImportFieldChange> Fields)
{
    /// <summary>Secrets the file leaves out while it changes where they are sent: the import needs them typed again, or the section left out.</summary>
    public IReadOnlyList<RequiredSecret> SecretsRequired { get; init; } = [];
}
