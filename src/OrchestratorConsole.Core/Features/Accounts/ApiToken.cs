namespace OrchestratorConsole.Core.Features.Accounts;

/// <summary>An API bearer token; only its SHA-256 hash is stored.</summary>
public sealed class ApiToken
{
    public long Id { get; set; }

    public required string TokenHash { get; set; }

    public required string UserId { get; set; }

    /// <summary>The user's security stamp when issued: a password, role or lockout change renews the stamp and so kills the token.</summary>
    public required string SecurityStamp { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>The address the token was issued to.</summary>
    public string? RemoteAddress { get; set; }

    /// <summary>Null until the token is first used; kept to the minute (<see cref="SessionService.LastUseGranularity"/>).</summary>
    public DateTimeOffset? LastUsedAt { get; set; }
}
