using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace OrchestratorConsole.Core.Features.Accounts;

/// <summary>
/// A user's own console choices (the dark theme), kept with the account as an Identity user claim, so that they
/// follow the user to every tab, reload and browser. A preference is the user's own: nobody else sets it.
/// </summary>
public sealed class UserPreferences(IServiceScopeFactory scopes)
{
    private const string DarkThemeClaim = "console:dark-theme";

    /// <summary>Whether the signed-in user chose the dark theme; false for an unknown user.</summary>
    public async Task<bool> DarkThemeAsync(ClaimsPrincipal user)
    {
        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ConsoleUser>>();
        return await users.GetUserAsync(user) is { } account
            && (await users.GetClaimsAsync(account)).Any(c => c.Type == DarkThemeClaim && c.Value == "true");
    }

    /// <summary>Keeps the signed-in user's theme choice.</summary>
    public async Task SetDarkThemeAsync(ClaimsPrincipal user, bool dark)
    {
        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ConsoleUser>>();
        if (await users.GetUserAsync(user) is not { } account)
        {
            return;
        }

        var held = (await users.GetClaimsAsync(account)).Where(c => c.Type == DarkThemeClaim).ToList();
        if (held.Count > 0)
        {
            AccountIdentity.Check(await users.RemoveClaimsAsync(account, held));
        }

        if (dark)
        {
            AccountIdentity.Check(await users.AddClaimAsync(account, new Claim(DarkThemeClaim, "true")));
        }
    }
}
