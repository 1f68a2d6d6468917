namespace OrchestratorConsole.Core.Common;

/// <summary>The password must be changed before anything else works (403).</summary>
public sealed class PasswordChangeRequiredException(string detail) : ConsoleException("Password change required", detail);
