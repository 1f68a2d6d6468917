namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>A configuration fingerprint and when the newest of its sections was saved.</summary>
public sealed record Fingerprint(string Value, DateTimeOffset SavedAt);
