using Microsoft.AspNetCore.Identity;

namespace OrchestratorConsole.Core.Features.Accounts;

/// <summary>An account of this console.</summary>
public sealed class ConsoleUser : IdentityUser
{
    /// <summary>Set for the default <c>vmware</c>/<c>vmware</c> account: nothing works until the password is changed.</summary>
    public bool MustChangePassword { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
