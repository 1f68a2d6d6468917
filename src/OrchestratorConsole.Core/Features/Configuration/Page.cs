namespace OrchestratorConsole.Core.Features.Configuration;

/// <summary>A page of results.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total, int Skip, int Take);
