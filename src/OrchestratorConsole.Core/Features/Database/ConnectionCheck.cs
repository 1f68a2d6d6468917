namespace OrchestratorConsole.Core.Features.Database;

/// <summary>One line of a connection test: what was checked, whether it passed, and what to do.</summary>
public sealed record ConnectionCheck(string Name, bool Ok, string Message, string? Statement = null);
