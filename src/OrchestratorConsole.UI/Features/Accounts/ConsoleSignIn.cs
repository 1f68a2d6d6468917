using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Core.Features.Audit;

namespace OrchestratorConsole.UI.Features.Accounts;

/// <summary>Browser sign-in: checks the credentials through <see cref="SignInService"/>, then sets the cookie.</summary>
public sealed class ConsoleSignIn(SignInService signIn, SignInManager<ConsoleUser> signInManager, AuditService audit)
{
    /// <summary>Signs in; returns true when the password must be changed first (no cookie is set then).</summary>
    public async Task<bool> SignInAsync(HttpContext context, string? userName, string? password)
    {
        var remote = context.Connection.RemoteIpAddress?.ToString();
        await signIn.VerifyCredentialsAsync(userName, password, remote, allowPasswordChangeRequired: true, context.RequestAborted);
        var user = (await signInManager.UserManager.FindByNameAsync(userName!.Trim()))!;
        if (user.MustChangePassword)
        {
            return true;
        }

        await signInManager.SignInAsync(user, isPersistent: false);
        await audit.RecordAsync(user.UserName!, "login", null, "console", true, remote, context.RequestAborted);
        return false;
    }

    public async Task ChangePasswordAndSignInAsync(HttpContext context, string? userName, string? currentPassword, string? newPassword)
    {
        await signIn.ChangePasswordAsync(new PasswordChangeRequest(userName, currentPassword, newPassword), context.Connection.RemoteIpAddress?.ToString(), context.RequestAborted);
        var user = (await signInManager.UserManager.FindByNameAsync(userName!.Trim()))!;
        await signInManager.SignInAsync(user, isPersistent: false);
        await audit.RecordAsync(user.UserName!, "login", null, "console, after a password change", true, context.Connection.RemoteIpAddress?.ToString(), context.RequestAborted);
    }

    /// <summary>Only a path on this console: never another site.</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : "/";
}
