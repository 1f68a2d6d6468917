namespace OrchestratorConsole.Core.Features.Accounts;

/// <summary>Why a signed-in browser session no longer holds.</summary>
public enum SessionEnd
{
    /// <summary>The account was deleted.</summary>
    Deleted,

    /// <summary>The account is locked out.</summary>
    LockedOut,

    /// <summary>The account's role changed: an administrator set it, or the directory groups it comes from changed.</summary>
    RoleChanged,

    /// <summary>The account's password or sign-in state changed (a password change, a reset, an unlock).</summary>
    AccountChanged,

    /// <summary>The session was revoked (by an administrator or its user) or signed out in another window.</summary>
    Revoked,
}

public static class SessionEnds
{
    /// <summary>What the sign-in page tells a user whose session ended.</summary>
    public static string Describe(this SessionEnd end) => end switch
    {
        SessionEnd.Deleted => "Your session ended: your account was deleted.",
        SessionEnd.LockedOut => "Your session ended: your account is locked out. An administrator can unlock it.",
        SessionEnd.RoleChanged => "Your session ended: your role changed (an administrator changed it, or your directory groups did). Log in again to go on with the new role.",
        SessionEnd.Revoked => "Your session ended: it was revoked or signed out. Log in again.",
        _ => "Your session ended: your account's password or sign-in state changed. Log in again.",
    };

    /// <summary>A reason named in an address, or null for anything else.</summary>
    public static SessionEnd? Parse(string? value) =>
        Enum.TryParse<SessionEnd>(value, ignoreCase: true, out var end) && Enum.IsDefined(end) && !int.TryParse(value, out _) ? end : null;
}
