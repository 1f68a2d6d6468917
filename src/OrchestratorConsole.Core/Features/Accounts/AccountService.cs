using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Data;
using OrchestratorConsole.Core.Features.Audit;
using OrchestratorConsole.Core.Features.Authentication;
using OrchestratorConsole.Core.Options;
using static OrchestratorConsole.Core.Features.Accounts.AccountIdentity;

namespace OrchestratorConsole.Core.Features.Accounts;

/// <summary>Accounts as administrators manage them: the first administrator, creation, roles, unlocking, deletion and password resets. Each operation uses its own scope, so a long-lived circuit never sees stale users.</summary>
public sealed class AccountService(
    IServiceScopeFactory scopes,
    IDbContextFactory<SettingsDbContext> dbFactory,
    AuditService audit,
    TimeProvider time,
    IOptions<AccountOptions> options)
{
    public const string DefaultAdminName = "vmware";
    public const string DefaultAdminPassword = "vmware";

    /// <summary>Creates the roles and the first administrator <c>vmware</c> when missing.</summary>
    public async Task EnsureInitialAdministratorAsync(CancellationToken cancellationToken = default)
    {
        if (await HasRolesAndAccountsAsync(cancellationToken))
        {
            return; // a restart: nothing below would change anything
        }

        using var scope = scopes.CreateScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole(role)));
            }
        }

        var users = scope.ServiceProvider.GetRequiredService<UserManager<ConsoleUser>>();
        if (await users.Users.AnyAsync(cancellationToken))
        {
            return;
        }

        var initial = options.Value.InitialAdminPassword;
        var admin = new ConsoleUser { UserName = DefaultAdminName, CreatedAt = time.GetUtcNow(), MustChangePassword = string.IsNullOrEmpty(initial) };
        if (string.IsNullOrEmpty(initial))
        {
            // The reference default vmware/vmware does not meet the policy; it is stored as is and must be changed at first login.
            Check(await users.CreateAsync(admin));
            admin.PasswordHash = users.PasswordHasher.HashPassword(admin, DefaultAdminPassword);
            Check(await users.UpdateAsync(admin));
        }
        else
        {
            Check(await users.CreateAsync(admin, initial));
        }

        Check(await users.AddToRoleAsync(admin, Roles.Administrator));
    }

    /// <summary>
    /// Whether every role and at least one account exist, in one query: on a restart the node is ready without starting
    /// Identity's managers (four queries and their first-use cost) on the way. A miss falls back to the managers' checks.
    /// </summary>
    private async Task<bool> HasRolesAndAccountsAsync(CancellationToken cancellationToken)
    {
        var normalized = Roles.All.Select(role => role.ToUpperInvariant()).ToArray();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Roles.CountAsync(role => normalized.Contains(role.NormalizedName), cancellationToken) == normalized.Length
            && await db.Users.AnyAsync(cancellationToken);
    }

    /// <summary>Sets a password without the current one: for an operator with access to the node's data directory (the command line).</summary>
    public async Task ResetPasswordAsync(Actor actor, string userName, string newPassword, CancellationToken cancellationToken = default)
    {
        actor.DemandAdministrator();
        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ConsoleUser>>();
        var user = await FindAsync(users, userName);
        if (await DirectoryAccounts.IsDirectoryAccountAsync(users, user))
        {
            throw new ConflictException($"'{user.UserName}' signs in with the directory: their password is the directory's, set there.");
        }

        var policy = await ValidatePasswordAsync(users, user, newPassword);
        if (policy.Length > 0)
        {
            throw new ValidationFailedException("The new password does not meet the policy: " + string.Join(" ", policy), new Dictionary<string, string[]> { ["newPassword"] = policy });
        }

        user.PasswordHash = users.PasswordHasher.HashPassword(user, newPassword);
        user.MustChangePassword = false;
        Check(await users.UpdateAsync(user));
        Check(await users.SetLockoutEndDateAsync(user, null));
        Check(await users.ResetAccessFailedCountAsync(user));
        Check(await users.UpdateSecurityStampAsync(user));
        await audit.RecordAsync(actor, "password.reset", null, user.UserName, cancellationToken: cancellationToken);
    }

    public async Task<IReadOnlyList<AccountSummary>> ListAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        actor.DemandAdministrator();
        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ConsoleUser>>();
        var all = await users.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync(cancellationToken);
        var result = new List<AccountSummary>(all.Count);
        foreach (var user in all)
        {
            result.Add(await SummarizeAsync(users, user));
        }

        return result;
    }

    public async Task<AccountSummary> CreateAsync(Actor actor, AccountCreateRequest request, CancellationToken cancellationToken = default)
    {
        var (userName, password, role) = request;
        actor.DemandAdministrator();
        var errors = new Dictionary<string, string[]>();
        var name = userName?.Trim() ?? string.Empty;
        if (name.Length is < 1 or > 64 || !name.All(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' or '@'))
        {
            errors["userName"] = ["The user name must be 1 to 64 letters, digits, '.', '-', '_' or '@'."];
        }

        var validRole = ParseRole(role, errors);
        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ConsoleUser>>();
        if (errors.Count == 0 && await users.FindByNameAsync(name) is not null)
        {
            throw new ConflictException($"An account named '{name}' already exists.");
        }

        // The administrator chose this password, so the user must choose their own at first sign-in, as vmware does.
        var user = new ConsoleUser { UserName = name, CreatedAt = time.GetUtcNow(), MustChangePassword = true };
        var policy = string.IsNullOrEmpty(password) ? ["The password is required."] : await ValidatePasswordAsync(users, user, password);
        if (policy.Length > 0)
        {
            errors["password"] = policy;
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException("The account was not created: " + string.Join(" ", errors.Values.SelectMany(m => m)), errors);
        }

        Check(await users.CreateAsync(user, password!));
        Check(await users.AddToRoleAsync(user, validRole!));
        await audit.RecordAsync(actor, "account.create", null, $"{name} as {validRole}", cancellationToken: cancellationToken);
        return await SummarizeAsync(users, user);
    }

    public async Task<AccountSummary> SetRoleAsync(Actor actor, string userName, string? role, CancellationToken cancellationToken = default)
    {
        actor.DemandAdministrator();
        var errors = new Dictionary<string, string[]>();
        var validRole = ParseRole(role, errors);
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors["role"][0], errors);
        }

        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ConsoleUser>>();
        var user = await FindAsync(users, userName);
        if (await DirectoryAccounts.IsDirectoryAccountAsync(users, user))
        {
            throw new ConflictException($"'{user.UserName}' signs in with the directory: their role comes from their directory groups (the Authentication tab maps groups to roles).");
        }

        var current = await users.GetRolesAsync(user);
        if (current.SequenceEqual([validRole!]))
        {
            return await SummarizeAsync(users, user);
        }

        if (current.Contains(Roles.Administrator))
        {
            await EnsureNotLastAdministratorAsync(users, user, "change the role of");
        }

        Check(await users.RemoveFromRolesAsync(user, current));
        Check(await users.AddToRoleAsync(user, validRole!));
        Check(await users.UpdateSecurityStampAsync(user));
        await audit.RecordAsync(actor, "account.role", null, $"{user.UserName}: {string.Join(",", current)} -> {validRole}", cancellationToken: cancellationToken);
        return await SummarizeAsync(users, user);
    }

    public async Task<AccountSummary> UnlockAsync(Actor actor, string userName, CancellationToken cancellationToken = default)
    {
        actor.DemandAdministrator();
        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ConsoleUser>>();
        var user = await FindAsync(users, userName);
        Check(await users.SetLockoutEndDateAsync(user, null));
        Check(await users.ResetAccessFailedCountAsync(user));
        Check(await users.UpdateSecurityStampAsync(user));
        await audit.RecordAsync(actor, "account.unlock", null, user.UserName, cancellationToken: cancellationToken);
        return await SummarizeAsync(users, user);
    }

    public async Task DeleteAsync(Actor actor, string userName, CancellationToken cancellationToken = default)
    {
        actor.DemandAdministrator();
        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ConsoleUser>>();
        var user = await FindAsync(users, userName);
        if (string.Equals(user.UserName, actor.UserName, StringComparison.OrdinalIgnoreCase))
        {
            throw new ConflictException("You cannot delete your own account.");
        }

        if (await users.IsInRoleAsync(user, Roles.Administrator))
        {
            await EnsureNotLastAdministratorAsync(users, user, "delete");
        }

        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await db.ApiTokens.Where(t => t.UserId == user.Id).ExecuteDeleteAsync(cancellationToken);
            await db.BrowserSessions.Where(s => s.UserId == user.Id).ExecuteDeleteAsync(cancellationToken);
        }

        Check(await users.DeleteAsync(user));
        await audit.RecordAsync(actor, "account.delete", null, user.UserName, cancellationToken: cancellationToken);
    }

    private static async Task EnsureNotLastAdministratorAsync(UserManager<ConsoleUser> users, ConsoleUser user, string verb)
    {
        var admins = await users.GetUsersInRoleAsync(Roles.Administrator);
        if (admins.Count <= 1 && admins.Any(a => a.Id == user.Id))
        {
            throw new ConflictException($"You cannot {verb} '{user.UserName}': it is the last administrator.");
        }
    }

    private static string? ParseRole(string? role, Dictionary<string, string[]> errors)
    {
        var match = Roles.All.FirstOrDefault(r => string.Equals(r, role?.Trim(), StringComparison.OrdinalIgnoreCase));
        if (match is null)
        {
            errors["role"] = [$"The role must be one of {string.Join(", ", Roles.All)}."];
        }

        return match;
    }

    private async Task<AccountSummary> SummarizeAsync(UserManager<ConsoleUser> users, ConsoleUser user)
    {
        var roles = await users.GetRolesAsync(user);
        var lockedOut = user.LockoutEnd is { } end && end > time.GetUtcNow();
        var directory = await DirectoryAccounts.IsDirectoryAccountAsync(users, user);
        return new AccountSummary(user.UserName!, roles.FirstOrDefault() ?? "(none)", lockedOut, lockedOut ? user.LockoutEnd : null, user.MustChangePassword, user.CreatedAt, directory);
    }
}
