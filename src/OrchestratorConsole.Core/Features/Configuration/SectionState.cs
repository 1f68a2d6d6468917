namespace OrchestratorConsole.Core.Features.Configuration;

/// <summary>A section's live value, typed, with secrets in clear: for use inside the node only.</summary>
public sealed record SectionState<T>(T Settings, int Version, DateTimeOffset SavedAt, string SavedBy);
