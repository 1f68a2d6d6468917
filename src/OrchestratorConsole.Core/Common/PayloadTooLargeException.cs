namespace OrchestratorConsole.Core.Common;

/// <summary>An upload larger than the documented limit (413).</summary>
public sealed class PayloadTooLargeException(string detail) : ConsoleException("Too large", detail);
