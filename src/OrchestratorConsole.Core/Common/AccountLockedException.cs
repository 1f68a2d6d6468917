namespace OrchestratorConsole.Core.Common;

/// <summary>The account is locked out after too many failed sign-ins (423).</summary>
public sealed class AccountLockedException(string detail) : ConsoleException("Account locked", detail);
