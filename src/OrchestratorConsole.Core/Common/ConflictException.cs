namespace OrchestratorConsole.Core.Common;

/// <summary>Someone saved first, or the node's state forbids the action now (409).</summary>
public class ConflictException(string detail, string title = "Conflict") : ConsoleException(title, detail);
