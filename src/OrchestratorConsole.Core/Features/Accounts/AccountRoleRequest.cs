namespace OrchestratorConsole.Core.Features.Accounts;

/// <summary>The body of <c>PUT /api/accounts/{userName}</c>.</summary>
public sealed record AccountRoleRequest(string? Role);
