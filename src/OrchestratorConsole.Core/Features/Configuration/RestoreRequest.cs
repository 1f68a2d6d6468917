namespace OrchestratorConsole.Core.Features.Configuration;

/// <summary>The optional body of a restore: the new revision's comment.</summary>
public sealed record RestoreRequest(string? Comment);
