namespace OrchestratorConsole.Core.Common;

/// <summary>Wrong user name or password (401).</summary>
public sealed class AuthenticationFailedException(string detail) : ConsoleException("Sign-in failed", detail);
