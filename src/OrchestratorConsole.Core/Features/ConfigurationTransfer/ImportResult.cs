namespace OrchestratorConsole.Core.Features.ConfigurationTransfer;

/// <summary>What an import did.</summary>
public sealed record ImportResult(IReadOnlyList<string> Sections, IReadOnlyList<long> Revisions, bool PendingRestart, string Source);
