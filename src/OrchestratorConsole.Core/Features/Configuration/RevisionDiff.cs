namespace OrchestratorConsole.Core.Features.Configuration;

/// <summary>The diff of two revisions.</summary>
public sealed record RevisionDiff(RevisionSummary From, RevisionSummary To, IReadOnlyList<FieldDiff> Fields);
