namespace OrchestratorConsole.Core.Features.Accounts;

/// <summary>A signed-in browser console: its cookie carries <see cref="Id"/>, and a cookie whose row is gone is refused.</summary>
public sealed class BrowserSession
{
    /// <summary>Random and unguessable; the cookie is encrypted, so the id alone never signs anyone in.</summary>
    public required string Id { get; set; }

    public required string UserId { get; set; }

    /// <summary>The user's security stamp at sign-in: a session issued under an older stamp is already dead.</summary>
    public required string SecurityStamp { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The address the browser signed in from.</summary>
    public string? RemoteAddress { get; set; }

    public DateTimeOffset LastUsedAt { get; set; }

    /// <summary>When the cookie lapses unless used: the sliding lifetime from the last use.</summary>
    public DateTimeOffset ExpiresAt { get; set; }
}
