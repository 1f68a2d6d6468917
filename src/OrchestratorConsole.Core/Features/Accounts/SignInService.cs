using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Data;
using OrchestratorConsole.Core.Features.Audit;
using OrchestratorConsole.Core.Features.Authentication;
using OrchestratorConsole.Core.Features.Configuration;
using static OrchestratorConsole.Core.Features.Accounts.AccountIdentity;

namespace OrchestratorConsole.Core.Features.Accounts;

/// <summary>Sign-in checks, a user's own password change. Each operation uses its own scope.</summary>
public sealed class SignInService(
    IServiceScopeFactory scopes,
    AuditService audit,
    SignInThrottle throttle,
    ConfigurationService configuration,
    DirectoryClient directory,
    DirectoryAccounts directoryAccounts,
    TimeProvider time,
    Telemetry.ConsoleMetrics metrics)
{
    /// <summary>What a directory user whose groups give no role is told.</summary>
    public const string NoRoleMessage = "You signed in with the directory, but none of your directory groups gives access to this console. Ask an administrator to map one of your groups to a role on the Authentication tab.";

    /// <summary>The hash of a random password, made at first need with the app's hasher and iteration count.</summary>
    private string? _dummyHash;

    /// <summary>Checks a user name and password, counting failures toward lockout. Throws with a message for each way it can fail.</summary>
    public async Task<ClaimsPrincipal> VerifyCredentialsAsync(string? userName, string? password, string? remoteAddress, bool allowPasswordChangeRequired = false, CancellationToken cancellationToken = default)
    {
        try
        {
            var principal = await VerifyAsync(userName, password, remoteAddress, allowPasswordChangeRequired, cancellationToken);
            metrics.SignIn(Telemetry.SignInOutcome.Success);
            return principal;
        }
        catch (Exception ex) when (ex is AuthenticationFailedException or AccountLockedException or ForbiddenException or DirectoryUnavailableException)
        {
            metrics.SignIn(ex is AccountLockedException ? Telemetry.SignInOutcome.LockedOut : Telemetry.SignInOutcome.Failure);
            throw;
        }
    }

    private async Task<ClaimsPrincipal> VerifyAsync(string? userName, string? password, string? remoteAddress, bool allowPasswordChangeRequired, CancellationToken cancellationToken)
    {
        throttle.Acquire(remoteAddress, userName);
        TextLimits.Demand("userName", "The user name", userName, TextLimits.UserName);
        TextLimits.Demand("password", "The password", password, TextLimits.Password);
        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ConsoleUser>>();
        var db = scope.ServiceProvider.GetRequiredService<SettingsDbContext>();
        var user = string.IsNullOrWhiteSpace(userName) ? null : await users.FindByNameAsync(userName.Trim());
        var fromDirectory = !string.IsNullOrEmpty(password) && !string.IsNullOrWhiteSpace(userName)
            && (user is null || await DirectoryAccounts.IsDirectoryAccountAsync(users, user));
        if (fromDirectory && (user is null || !await users.IsLockedOutAsync(user))
            && (await configuration.GetAsync<AuthenticationSettings>(cancellationToken)).Settings is { LdapEnabled: true } directorySettings)
        {
            return await VerifyWithDirectoryAsync(users, db, user, userName!.Trim(), password!, directorySettings, remoteAddress, cancellationToken);
        }

        if (user is null || string.IsNullOrEmpty(password))
        {
            VerifyDummyHash(users.PasswordHasher, password);
            await audit.RecordAsync(userName ?? "(none)", "login.failed", null, "unknown user or empty password", false, remoteAddress, cancellationToken);
            throw new AuthenticationFailedException("Wrong user name or password.");
        }

        if (await users.IsLockedOutAsync(user))
        {
            // The cost of any failed sign-in, but never the account's own hash: while locked, a right guess answers as a wrong one.
            VerifyDummyHash(users.PasswordHasher, password);
            await audit.RecordAsync(user.UserName!, "login.failed", null, "account locked out", false, remoteAddress, cancellationToken);
            throw Locked(user);
        }

        if (!await users.CheckPasswordAsync(user, password))
        {
            await FailedSignIns.CountAsync(users, db, user, cancellationToken);
            if (await users.IsLockedOutAsync(user))
            {
                await users.UpdateSecurityStampAsync(user);
                await audit.RecordAsync(user.UserName!, "account.lockout", null, "locked out after repeated failed sign-ins", false, remoteAddress, cancellationToken);
                throw Locked(user);
            }

            await audit.RecordAsync(user.UserName!, "login.failed", null, "wrong password", false, remoteAddress, cancellationToken);
            throw new AuthenticationFailedException("Wrong user name or password.");
        }

        await users.ResetAccessFailedCountAsync(user);
        if (user.MustChangePassword && !allowPasswordChangeRequired)
        {
            await audit.RecordAsync(user.UserName!, "login.failed", null, "password change required", false, remoteAddress, cancellationToken);
            throw new PasswordChangeRequiredException($"The password of '{user.UserName}' must be changed before first use: POST /api/auth/password or sign in through the console.");
        }

        return Principal(user.Id, user.UserName!, await users.GetRolesAsync(user));
    }

    /// <summary>
    /// A directory user's sign-in: the directory finds the user and binds their password; their account here is made or
    /// updated, its role set from their groups. A wrong password counts toward lockout as for a local account.
    /// </summary>
    private async Task<ClaimsPrincipal> VerifyWithDirectoryAsync(UserManager<ConsoleUser> users, SettingsDbContext db, ConsoleUser? user, string userName, string password, AuthenticationSettings settings, string? remoteAddress, CancellationToken cancellationToken)
    {
        DirectoryLookup lookup;
        try
        {
            lookup = await directory.AuthenticateAsync(settings, userName, password, cancellationToken);
        }
        catch (Exception ex) when (ex is DirectoryUnavailableException or DirectoryRefusedException)
        {
            await audit.RecordAsync(userName, "login.failed", null, "directory: " + ex.Message, false, remoteAddress, cancellationToken);
            throw ex is DirectoryUnavailableException ? ex : new DirectoryUnavailableException($"The directory refused the console's own account, so directory accounts cannot sign in now (local accounts can). An administrator can test it on the Authentication tab: {ex.Message}");
        }

        if (lookup.Account is not { } account)
        {
            VerifyDummyHash(users.PasswordHasher, password);
            await audit.RecordAsync(userName, "login.failed", null, lookup.Outcome == DirectoryOutcome.Ambiguous ? "directory: the name matches several entries" : "directory: unknown user", false, remoteAddress, cancellationToken);
            throw new AuthenticationFailedException("Wrong user name or password.");
        }

        user = await directoryAccounts.EnsureAsync(users, user, userName, account.Dn, time.GetUtcNow());
        if (lookup.Outcome == DirectoryOutcome.WrongPassword)
        {
            await FailedSignIns.CountAsync(users, db, user, cancellationToken);
            if (await users.IsLockedOutAsync(user))
            {
                await users.UpdateSecurityStampAsync(user);
                await audit.RecordAsync(user.UserName!, "account.lockout", null, "locked out after repeated failed sign-ins", false, remoteAddress, cancellationToken);
                throw Locked(user);
            }

            await audit.RecordAsync(user.UserName!, "login.failed", null, "directory: wrong password", false, remoteAddress, cancellationToken);
            throw new AuthenticationFailedException("Wrong user name or password.");
        }

        await users.ResetAccessFailedCountAsync(user);
        await directoryAccounts.SetRoleAsync(users, user, account.Role, "groups at sign-in", cancellationToken);
        if (account.Role is null)
        {
            await audit.RecordAsync(user.UserName!, "login.failed", null, "directory: no group mapped to a role", false, remoteAddress, cancellationToken);
            throw new ForbiddenException(NoRoleMessage);
        }

        return Principal(user.Id, user.UserName!, [account.Role]);
    }

    /// <summary>Changes a password given the current one; also the forced first change.</summary>
    public async Task ChangePasswordAsync(PasswordChangeRequest request, string? remoteAddress, CancellationToken cancellationToken = default)
    {
        var (userName, currentPassword, newPassword) = request;
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(userName))
        {
            errors["userName"] = ["The user name is required."];
        }

        if (string.IsNullOrEmpty(currentPassword))
        {
            errors["currentPassword"] = ["The current password is required."];
        }

        if (string.IsNullOrEmpty(newPassword))
        {
            errors["newPassword"] = ["The new password is required."];
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException("The password was not changed: " + string.Join(" ", errors.Values.SelectMany(m => m)), errors);
        }

        // Its own scope: the account is read again below, after the sign-in check has written it.
        using (var lookup = scopes.CreateScope())
        {
            var accounts = lookup.ServiceProvider.GetRequiredService<UserManager<ConsoleUser>>();
            if (await accounts.FindByNameAsync(userName!.Trim()) is { } known && await DirectoryAccounts.IsDirectoryAccountAsync(accounts, known))
            {
                throw ValidationFailedException.For("userName", $"'{known.UserName}' signs in with the directory: change the password in the directory, not here.");
            }
        }

        await VerifyCredentialsAsync(userName, currentPassword, remoteAddress, allowPasswordChangeRequired: true, cancellationToken);
        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ConsoleUser>>();
        var user = (await users.FindByNameAsync(userName.Trim()))!;
        if (currentPassword == newPassword)
        {
            throw ValidationFailedException.For("newPassword", "The new password must differ from the current one.");
        }

        var policy = await ValidatePasswordAsync(users, user, newPassword!);
        if (policy.Length > 0)
        {
            throw new ValidationFailedException("The new password does not meet the policy: " + string.Join(" ", policy), new Dictionary<string, string[]> { ["newPassword"] = policy });
        }

        user.PasswordHash = users.PasswordHasher.HashPassword(user, newPassword!);
        user.MustChangePassword = false;
        Check(await users.UpdateAsync(user));
        Check(await users.UpdateSecurityStampAsync(user));
        await audit.RecordAsync(user.UserName!, "password.change", null, null, true, remoteAddress, cancellationToken);
    }

    /// <summary>
    /// One password verification whose result is ignored, for a sign-in that has no stored hash to check: a failed
    /// sign-in costs the same hashing whether the user name exists or not, so its time does not tell.
    /// </summary>
    private void VerifyDummyHash(IPasswordHasher<ConsoleUser> hasher, string? password)
    {
        var nobody = new ConsoleUser();
        var hash = LazyInitializer.EnsureInitialized(ref _dummyHash, () => hasher.HashPassword(nobody, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
        _ = hasher.VerifyHashedPassword(nobody, hash, password ?? string.Empty);
    }

    private AccountLockedException Locked(ConsoleUser user) =>
        new($"The account '{user.UserName}' is locked out after repeated failed sign-ins until {user.LockoutEnd:u}, or until an administrator unlocks it.");
}
