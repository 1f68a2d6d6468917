using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Data;
using OrchestratorConsole.Core.Features.Audit;
using OrchestratorConsole.Core.Options;

namespace OrchestratorConsole.Core.Features.Accounts;

/// <summary>An account as administrators see it.</summary>
public sealed record AccountSummary(string UserName, string Role, bool LockedOut, DateTimeOffset? LockoutEnd, bool MustChangePassword, DateTimeOffset CreatedAt);

/// <summary>A bearer token for scripts.</summary>
public sealed record IssuedToken(string Token, DateTimeOffset ExpiresAt);

/// <summary>Accounts, passwords, sign-in checks and API tokens. Each operation uses its own scope, so a long-lived circuit never sees stale users.</summary>
public sealed class AccountService(
    IServiceScopeFactory scopes,
    IDbContextFactory<SettingsDbContext> dbFactory,
    AuditService audit,
    SignInThrottle throttle,
    TimeProvider time,
    AccountChanges changes,
    IOptions<AccountOptions> options)
{
    /// <summary>
    /// How long a token's check may be reused without reading the store. Every write of an account goes through this
    /// node's services (the command line opens the store only while the console is stopped) and ends every reuse at
    /// once; the bound only keeps a remembered check short-lived.
    /// </summary>
    public static readonly TimeSpan TokenCheckReuse = TimeSpan.FromSeconds(1);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, TokenCheck> _tokenChecks = new(StringComparer.Ordinal);

    /// <summary>A token found good: its account as it was, the counter it was read under, when, and when the token ends.</summary>
    private sealed record TokenCheck(string UserId, string UserName, string[] Roles, long Generation, long CheckedAt, DateTimeOffset ExpiresAt);

    public const string DefaultAdminName = "vmware";
    public const string DefaultAdminPassword = "vmware";

    /// <summary>Creates the roles and the first administrator <c>vmware</c> when missing.</summary>
    public async Task EnsureInitialAdministratorAsync(CancellationToken cancellationToken = default)
    {
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

    /// <summary>Checks a user name and password, counting failures toward lockout. Throws with a message for each way it can fail.</summary>
    public async Task<ClaimsPrincipal> VerifyCredentialsAsync(string? userName, string? password, string? remoteAddress, bool allowPasswordChangeRequired = false, CancellationToken cancellationToken = default)
    {
        throttle.Acquire(remoteAddress, userName);
        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ConsoleUser>>();
        var user = string.IsNullOrWhiteSpace(userName) ? null : await users.FindByNameAsync(userName.Trim());
        if (user is null || string.IsNullOrEmpty(password))
        {
            await audit.RecordAsync(userName ?? "(none)", "login.failed", null, "unknown user or empty password", false, remoteAddress, cancellationToken);
            throw new AuthenticationFailedException("Wrong user name or password.");
        }

        if (await users.IsLockedOutAsync(user))
        {
            await audit.RecordAsync(user.UserName!, "login.failed", null, "account locked out", false, remoteAddress, cancellationToken);
            throw Locked(user);
        }

        if (!await users.CheckPasswordAsync(user, password))
        {
            await users.AccessFailedAsync(user);
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

    /// <summary>Issues an API token after checking the credentials.</summary>
    public async Task<IssuedToken> IssueTokenAsync(string? userName, string? password, string? remoteAddress, CancellationToken cancellationToken = default)
    {
        var principal = await VerifyCredentialsAsync(userName, password, remoteAddress, cancellationToken: cancellationToken);
        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ConsoleUser>>();
        var user = (await users.FindByNameAsync(principal.Identity!.Name!))!;
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = time.GetUtcNow();
        var expires = now + options.Value.TokenLifetime;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            db.ApiTokens.Where(t => t.ExpiresAt < now).ExecuteDelete();
            db.ApiTokens.Add(new ApiToken { TokenHash = Hash(token), UserId = user.Id, SecurityStamp = user.SecurityStamp!, CreatedAt = now, ExpiresAt = expires });
            await db.SaveChangesAsync(cancellationToken);
        }

        await audit.RecordAsync(user.UserName!, "login", null, "API token issued", true, remoteAddress, cancellationToken);
        return new IssuedToken(token, expires);
    }

    /// <summary>The principal of a live token, or null when the token is unknown, expired or dead.</summary>
    public async Task<ClaimsPrincipal?> ValidateTokenAsync(string token, CancellationToken cancellationToken = default)
    {
        var hash = Hash(token);
        var now = time.GetUtcNow();
        // Read before the store, so that a write committed while it is read leaves this check unusable.
        var generation = changes.Generation;
        if (_tokenChecks.TryGetValue(hash, out var check)
            && check.Generation == generation && time.GetElapsedTime(check.CheckedAt) < TokenCheckReuse && check.ExpiresAt > now)
        {
            return Principal(check.UserId, check.UserName, check.Roles);
        }

        var checkedAt = time.GetTimestamp();
        // Every API call that is not reused comes here: the token, its account and the account's roles in one query.
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await (
                from t in db.ApiTokens.AsNoTracking()
                where t.TokenHash == hash
                join u in db.Users.AsNoTracking() on t.UserId equals u.Id
                select new
                {
                    t.ExpiresAt,
                    t.SecurityStamp,
                    User = u,
                    Roles = (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == u.Id select r.Name).ToList(),
                })
            .FirstOrDefaultAsync(cancellationToken);

        if (found is null || found.ExpiresAt <= now || found.User.SecurityStamp != found.SecurityStamp || found.User.MustChangePassword)
        {
            return null;
        }

        // Identity's own lockout rule (it reads the loaded account; no query).
        using var scope = scopes.CreateScope();
        if (await scope.ServiceProvider.GetRequiredService<UserManager<ConsoleUser>>().IsLockedOutAsync(found.User))
        {
            return null;
        }

        string[] roles = [.. found.Roles.OfType<string>()];
        if (_tokenChecks.Count > 10_000)
        {
            _tokenChecks.Clear();
        }

        _tokenChecks[hash] = new TokenCheck(found.User.Id, found.User.UserName!, roles, generation, checkedAt, found.ExpiresAt);
        return Principal(found.User.Id, found.User.UserName!, roles);
    }

    /// <summary>Changes a password given the current one; also the forced first change.</summary>
    public async Task ChangePasswordAsync(string? userName, string? currentPassword, string? newPassword, string? remoteAddress, CancellationToken cancellationToken = default)
    {
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

        await VerifyCredentialsAsync(userName, currentPassword, remoteAddress, allowPasswordChangeRequired: true, cancellationToken);
        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ConsoleUser>>();
        var user = (await users.FindByNameAsync(userName!.Trim()))!;
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

    /// <summary>Sets a password without the current one: for an operator with access to the node's data directory (the command line).</summary>
    public async Task ResetPasswordAsync(Actor actor, string userName, string newPassword, CancellationToken cancellationToken = default)
    {
        actor.DemandAdministrator();
        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ConsoleUser>>();
        var user = await FindAsync(users, userName);
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

    public async Task<AccountSummary> CreateAsync(Actor actor, string? userName, string? password, string? role, CancellationToken cancellationToken = default)
    {
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

        var user = new ConsoleUser { UserName = name, CreatedAt = time.GetUtcNow() };
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
        }

        Check(await users.DeleteAsync(user));
        await audit.RecordAsync(actor, "account.delete", null, user.UserName, cancellationToken: cancellationToken);
    }

    /// <summary>Whether a signed-in browser session still matches the account (exists, same security stamp).</summary>
    public async Task<bool> IsSessionCurrentAsync(ClaimsPrincipal principal)
    {
        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ConsoleUser>>();
        var user = await users.GetUserAsync(principal);
        if (user is null || await users.IsLockedOutAsync(user))
        {
            return false;
        }

        var stampClaim = principal.FindFirstValue(new ClaimsIdentityOptions().SecurityStampClaimType);
        return stampClaim is null || stampClaim == user.SecurityStamp;
    }

    private static async Task<string[]> ValidatePasswordAsync(UserManager<ConsoleUser> users, ConsoleUser user, string password)
    {
        var messages = new List<string>();
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, user, password);
            messages.AddRange(result.Errors.Select(e => e.Description));
        }

        return [.. messages];
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

    private static async Task<ConsoleUser> FindAsync(UserManager<ConsoleUser> users, string userName) =>
        await users.FindByNameAsync(userName) ?? throw new NotFoundException($"There is no account named '{userName}'.");

    private async Task<AccountSummary> SummarizeAsync(UserManager<ConsoleUser> users, ConsoleUser user)
    {
        var roles = await users.GetRolesAsync(user);
        var lockedOut = user.LockoutEnd is { } end && end > time.GetUtcNow();
        return new AccountSummary(user.UserName!, roles.FirstOrDefault() ?? "(none)", lockedOut, lockedOut ? user.LockoutEnd : null, user.MustChangePassword, user.CreatedAt);
    }

    private static ClaimsPrincipal Principal(string userId, string userName, IEnumerable<string> roles)
    {
        var identity = new ClaimsIdentity("Token", ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, userId));
        identity.AddClaim(new Claim(ClaimTypes.Name, userName));
        foreach (var role in roles)
        {
            identity.AddClaim(new Claim(ClaimTypes.Role, role));
        }

        return new ClaimsPrincipal(identity);
    }

    private AccountLockedException Locked(ConsoleUser user) =>
        new($"The account '{user.UserName}' is locked out after repeated failed sign-ins until {user.LockoutEnd:u}, or until an administrator unlocks it.");

    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            var messages = result.Errors.Select(e => e.Description).ToArray();
            throw new ValidationFailedException(string.Join(" ", messages), new Dictionary<string, string[]> { ["account"] = messages });
        }
    }
}
