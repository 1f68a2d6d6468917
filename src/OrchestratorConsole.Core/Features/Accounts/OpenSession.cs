namespace OrchestratorConsole.Core.Features.Accounts;

/// <summary>
/// A browser session or an API token that still works, as <c>GET /api/sessions</c> lists it. <see cref="Kind"/> is
/// <c>browser</c> or <c>token</c>; <see cref="Current"/> marks the caller's own session or token.
/// </summary>
public sealed record OpenSession(
    string Id,
    string UserName,
    string Kind,
    DateTimeOffset CreatedAt,
    string? RemoteAddress,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset ExpiresAt,
    bool Current);
