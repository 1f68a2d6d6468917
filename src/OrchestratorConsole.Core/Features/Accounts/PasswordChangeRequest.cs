namespace OrchestratorConsole.Core.Features.Accounts;

/// <summary>The body of <c>POST /api/auth/password</c>.</summary>
public sealed record PasswordChangeRequest(string? UserName, string? CurrentPassword, string? NewPassword);
