namespace OrchestratorConsole.Core.Features.Accounts;

/// <summary>The body of <c>POST /api/accounts</c>.</summary>
public sealed record AccountCreateRequest(string? UserName, string? Password, string? Role);
