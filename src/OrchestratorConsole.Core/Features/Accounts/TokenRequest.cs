namespace OrchestratorConsole.Core.Features.Accounts;

/// <summary>The body of <c>POST /api/auth/token</c>.</summary>
public sealed record TokenRequest(string? UserName, string? Password);
