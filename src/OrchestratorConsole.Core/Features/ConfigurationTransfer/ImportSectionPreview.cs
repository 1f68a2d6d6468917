namespace OrchestratorConsole.Core.Features.ConfigurationTransfer;

/// <summary>One section of the file as the preview shows it.</summary>
public sealed record ImportSectionPreview(string Section, string Title, bool Changes, bool NeedsRestart, bool Identity, bool Importable, string? Reason, IReadOnlyList<ImportFieldChange> Fields);
