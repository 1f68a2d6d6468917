namespace OrchestratorConsole.Core.Features.Accounts;

/// <summary>A bearer token for scripts.</summary>
public sealed record IssuedToken(string Token, DateTimeOffset ExpiresAt);
