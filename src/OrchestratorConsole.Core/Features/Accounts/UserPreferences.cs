using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OrchestratorConsole.Core.Data;

namespace OrchestratorConsole.Core.Features.Accounts;

/// <summary>
/// A user's own console choices (the dark theme), kept with the account as an Identity user claim, so that they
/// follow the user to every tab, reload and browser. A preference is the user's own: nobody else sets it. It is
/// written beside the account, not through it: a choice of theme is no change of the account, so it neither moves
/// <see cref="AccountChanges"/> nor makes every session and token be checked again.
/// </summary>
public sealed class UserPreferences(IDbContextFactory<SettingsDbContext> dbFactory)
{
    private const string DarkThemeClaim = "console:dark-theme";

    /// <summary>Whether the signed-in user chose the dark theme; false for an unknown user.</summary>
    public async Task<bool> DarkThemeAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        if (user.FindFirstValue(ClaimTypes.NameIdentifier) is not { } userId)
        {
            return false;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await Held(db, userId).AnyAsync(c => c.ClaimValue == "true", cancellationToken);
    }

    /// <summary>Keeps the signed-in user's theme choice.</summary>
    public async Task SetDarkThemeAsync(ClaimsPrincipal user, bool dark, CancellationToken cancellationToken = default)
    {
        if (user.FindFirstValue(ClaimTypes.NameIdentifier) is not { } userId)
        {
            return;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await Held(db, userId).ExecuteDeleteAsync(cancellationToken);
            if (dark && await db.Users.AnyAsync(u => u.Id == userId, cancellationToken))
            {
                db.UserClaims.Add(new IdentityUserClaim<string> { UserId = userId, ClaimType = DarkThemeClaim, ClaimValue = "true" });
                await db.SaveChangesAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        });
    }

    private static IQueryable<IdentityUserClaim<string>> Held(SettingsDbContext db, string userId) =>
        db.UserClaims.Where(c => c.UserId == userId && c.ClaimType == DarkThemeClaim);
}
