namespace OrchestratorConsole.Core.Features.Authentication;

/// <summary>What the directory says of a user: on which server, their entry's DN, their groups and the role these give (null: none).</summary>
public sealed record DirectoryAccount(string Server, string Dn, IReadOnlyList<string> Groups, string? Role);

/// <summary>How a directory sign-in check ended.</summary>
public enum DirectoryOutcome
{
    /// <summary>The user's entry was found and their password bound (or, for a re-check, the entry was found).</summary>
    Found,

    /// <summary>No entry matches the user name.</summary>
    UnknownUser,

    /// <summary>More than one entry matches the user name: nobody is signed in as either.</summary>
    Ambiguous,

    /// <summary>The entry was found and the directory refused the password.</summary>
    WrongPassword,
}

/// <summary>A directory sign-in check: its outcome, and the account when the entry was found.</summary>
public sealed record DirectoryLookup(DirectoryOutcome Outcome, DirectoryAccount? Account);

/// <summary>The answer of <c>POST /api/authentication/test</c>: a bind with the saved settings, and with a user, what their sign-in would give.</summary>
public sealed record DirectoryTestResult(bool Ok, string Message, string? Server, string? Dn = null, IReadOnlyList<string>? Groups = null, string? Role = null);

/// <summary>The body of <c>POST /api/authentication/test</c>.</summary>
public sealed record DirectoryTestRequest(string? UserName, string? Password);
