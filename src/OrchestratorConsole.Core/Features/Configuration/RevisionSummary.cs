namespace OrchestratorConsole.Core.Features.Configuration;

/// <summary>One line of the configuration history.</summary>
public sealed record RevisionSummary(long Id, string Section, int Version, string Author, DateTimeOffset Time, string? Comment, string? Source);
