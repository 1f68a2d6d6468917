using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OrchestratorConsole.Core.Data;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Core.Features.Audit;
using static OrchestratorConsole.Core.Features.Accounts.AccountIdentity;

namespace OrchestratorConsole.Core.Features.Authentication;

/// <summary>
/// A directory user's account on this node: an Identity account with no password (the directory's is never kept),
/// linked to its directory entry as an external login, holding the role its groups gave at the last check. Lockout,
/// sessions and tokens work on it as on any account; a role change renews its security stamp, which ends them.
/// </summary>
public sealed class DirectoryAccounts(AuditService audit)
{
    /// <summary>The login provider that marks an account as the directory's.</summary>
    public const string LoginProvider = "Directory";

    public static async Task<bool> IsDirectoryAccountAsync(UserManager<ConsoleUser> users, ConsoleUser user) =>
        (await users.GetLoginsAsync(user)).Any(l => l.LoginProvider == LoginProvider);

    /// <summary>The ids of every directory account of this node.</summary>
    public static Task<List<string>> AllAsync(SettingsDbContext db, CancellationToken cancellationToken) =>
        db.UserLogins.Where(l => l.LoginProvider == LoginProvider).Select(l => l.UserId).Distinct().ToListAsync(cancellationToken);

    /// <summary>The account of the directory entry <paramref name="dn"/>, made at its first sign-in (without a role).</summary>
    public async Task<ConsoleUser> EnsureAsync(UserManager<ConsoleUser> users, ConsoleUser? user, string userName, string dn, DateTimeOffset now)
    {
        if (user is null)
        {
            user = new ConsoleUser { UserName = userName, CreatedAt = now };
            Check(await users.CreateAsync(user));
        }

        var logins = await users.GetLoginsAsync(user);
        if (!logins.Any(l => l.LoginProvider == LoginProvider && l.ProviderKey == dn))
        {
            foreach (var old in logins.Where(l => l.LoginProvider == LoginProvider))
            {
                Check(await users.RemoveLoginAsync(user, old.LoginProvider, old.ProviderKey));
            }

            Check(await users.AddLoginAsync(user, new UserLoginInfo(LoginProvider, dn, "Directory")));
        }

        return user;
    }

    /// <summary>Gives the account <paramref name="role"/> (none when null); a change ends its sessions and tokens. Returns whether it changed.</summary>
    public async Task<bool> SetRoleAsync(UserManager<ConsoleUser> users, ConsoleUser user, string? role, string why, CancellationToken cancellationToken)
    {
        var current = await users.GetRolesAsync(user);
        string[] wanted = role is null ? [] : [role];
        if (current.Order(StringComparer.Ordinal).SequenceEqual(wanted))
        {
            return false;
        }

        if (current.Count > 0)
        {
            Check(await users.RemoveFromRolesAsync(user, current));
        }

        if (role is not null)
        {
            Check(await users.AddToRoleAsync(user, role));
        }

        Check(await users.UpdateSecurityStampAsync(user));
        var from = current.Count == 0 ? "(none)" : string.Join(",", current);
        await audit.RecordAsync("directory", "account.role", null, $"{user.UserName}: {from} -> {role ?? "(none)"} ({why})", true, null, cancellationToken);
        return true;
    }
}
