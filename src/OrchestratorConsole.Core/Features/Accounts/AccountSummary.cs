namespace OrchestratorConsole.Core.Features.Accounts;

/// <summary>An account as administrators see it.</summary>
public sealed record AccountSummary(string UserName, string Role, bool LockedOut, DateTimeOffset? LockoutEnd, bool MustChangePassword, DateTimeOffset CreatedAt);
