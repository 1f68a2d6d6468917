namespace OrchestratorConsole.Core.Features.Accounts;

/// <summary>An account as administrators see it; <paramref name="Directory"/>: signs in with the directory, its role from its groups.</summary>
public sealed record AccountSummary(string UserName, string Role, bool LockedOut, DateTimeOffset? LockoutEnd, bool MustChangePassword, DateTimeOffset CreatedAt, bool Directory = false);
