using Microsoft.AspNetCore.Identity;

namespace OrchestratorConsole.Core.Features.Accounts;

/// <summary>An account of this console.</summary>
public sealed class ConsoleUser : IdentityUser
{
    /// <summary>Set for the default <c>vmware</c>/<c>vmware</c> account: nothing works until the password is changed.</summary>
    public bool MustChangePassword { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

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
}

/// <summary>The three roles of the console.</summary>
public static class Roles
{
    public const string Administrator = "Administrator";
    public const string Reviewer = "Reviewer";
    public const string Support = "Support";

    public static readonly IReadOnlyList<string> All = [Administrator, Reviewer, Support];

    /// <summary>Roles allowed to run troubleshooting actions.</summary>
    public const string AdministratorOrSupport = Administrator + "," + Support;
}
