using Microsoft.AspNetCore.Identity;
using OrchestratorConsole.Core.Data;

namespace OrchestratorConsole.Core.Features.Accounts;

/// <summary>
/// Counts a failed sign-in toward lockout, and keeps the count. The account was read when the request began; a write of
/// it since (the directory's periodic role check, an administrator's change, another sign-in) makes Identity's save
/// fail on the account's concurrency stamp. Identity reports that as a result, not an exception: ignored, it dropped the
/// count, and a lockout the count reached, while the request still answered that the account was locked.
/// </summary>
internal static class FailedSignIns
{
    private const int Attempts = 5;

    public static async Task CountAsync(UserManager<ConsoleUser> users, SettingsDbContext db, ConsoleUser user, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var result = await users.AccessFailedAsync(user);
            if (result.Succeeded)
            {
                return;
            }

            if (attempt == Attempts || result.Errors.All(e => e.Code != nameof(IdentityErrorDescriber.ConcurrencyFailure)))
            {
                throw new InvalidOperationException(
                    $"The failed sign-in of '{user.UserName}' could not be counted: {string.Join(" ", result.Errors.Select(e => e.Description))}");
            }

            // The account as it is now, then the count again on top of it.
            await db.Entry(user).ReloadAsync(cancellationToken);
        }
    }
}
