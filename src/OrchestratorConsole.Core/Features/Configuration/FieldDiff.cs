namespace OrchestratorConsole.Core.Features.Configuration;

/// <summary>A field that differs between two revisions. Secrets show only whether they are set.</summary>
public sealed record FieldDiff(string Section, string Field, string? Before, string? After, bool Secret);
