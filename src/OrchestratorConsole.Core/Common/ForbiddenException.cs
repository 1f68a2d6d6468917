namespace OrchestratorConsole.Core.Common;

/// <summary>The caller's role lacks the right (403).</summary>
public sealed class ForbiddenException(string detail) : ConsoleException("Forbidden", detail);
