using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using OrchestratorConsole.Core.Common;

namespace OrchestratorConsole.Core.Features.Accounts;

/// <summary>What the account services share over ASP.NET Core Identity: the password policy, lookups, failures and the signed-in principal.</summary>
internal static class AccountIdentity
{
    public static async Task<string[]> ValidatePasswordAsync(UserManager<ConsoleUser> users, ConsoleUser user, string password)
    {
        var messages = new List<string>();
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, user, password);
            messages.AddRange(result.Errors.Select(e => e.Description));
        }

        return [.. messages];
    }

    public static async Task<ConsoleUser> FindAsync(UserManager<ConsoleUser> users, string userName) =>
        await users.FindByNameAsync(userName) ?? throw new NotFoundException($"There is no account named '{userName}'.");

    public static ClaimsPrincipal Principal(string userId, string userName, IEnumerable<string> roles, string? sessionId = null)
    {
        var identity = new ClaimsIdentity("Token", ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, userId));
        identity.AddClaim(new Claim(ClaimTypes.Name, userName));
        if (sessionId is not null)
        {
            identity.AddClaim(new Claim(SessionService.SessionIdClaimType, sessionId));
        }
        foreach (var role in roles)
        {
            identity.AddClaim(new Claim(ClaimTypes.Role, role));
        }

        return new ClaimsPrincipal(identity);
    }

    public static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            var messages = result.Errors.Select(e => e.Description).ToArray();
            throw new ValidationFailedException(string.Join(" ", messages), new Dictionary<string, string[]> { ["account"] = messages });
        }
    }
}
