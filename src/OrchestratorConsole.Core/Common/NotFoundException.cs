namespace OrchestratorConsole.Core.Common;

/// <summary>The named thing does not exist (404).</summary>
public sealed class NotFoundException(string detail) : ConsoleException("Not found", detail);
