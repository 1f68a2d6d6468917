using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrchestratorConsole.Core.Data;
using OrchestratorConsole.Core.Features.Audit;
using OrchestratorConsole.Core.Options;
using static OrchestratorConsole.Core.Features.Accounts.AccountIdentity;

namespace OrchestratorConsole.Core.Features.Accounts;

/// <summary>API bearer tokens: issued after a sign-in check, and checked against the account on every call (ADR 4).</summary>
public sealed class ApiTokenService(
    SignInService signIn,
    IServiceScopeFactory scopes,
    IDbContextFactory<SettingsDbContext> dbFactory,
    AuditService audit,
    TimeProvider time,
    AccountChanges changes,
    SessionService sessions,
    IOptions<AccountOptions> options)
{
    /// <summary>
    /// How long a token's check may be reused without reading the store. Every write of an account goes through this
    /// node's services (the command line opens the store only while the console is stopped) and ends every reuse at
    /// once; the bound only keeps a remembered check short-lived.
    /// </summary>
    public static readonly TimeSpan TokenCheckReuse = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, TokenCheck> _tokenChecks = new(StringComparer.Ordinal);

    /// <summary>A token found good: its account as it was, the counter it was read under, when, and when the token ends.</summary>
    private sealed record TokenCheck(long TokenId, string UserId, string UserName, string[] Roles, long Generation, long CheckedAt, DateTimeOffset ExpiresAt);

    /// <summary>Issues an API token after checking the credentials.</summary>
    public async Task<IssuedToken> IssueTokenAsync(string? userName, string? password, string? remoteAddress, CancellationToken cancellationToken = default)
    {
        var principal = await signIn.VerifyCredentialsAsync(userName, password, remoteAddress, cancellationToken: cancellationToken);
        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ConsoleUser>>();
        var user = (await users.FindByNameAsync(principal.Identity!.Name!))!;
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = time.GetUtcNow();
        var expires = now + options.Value.TokenLifetime;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            db.ApiTokens.Where(t => t.ExpiresAt < now).ExecuteDelete();
            db.ApiTokens.Add(new ApiToken { TokenHash = Hash(token), UserId = user.Id, SecurityStamp = user.SecurityStamp!, CreatedAt = now, ExpiresAt = expires, RemoteAddress = remoteAddress is { Length: > 64 } ? remoteAddress[..64] : remoteAddress });
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
            return await UsedAsync(check, cancellationToken);
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
                    t.Id,
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

        var good = new TokenCheck(found.Id, found.User.Id, found.User.UserName!, roles, generation, checkedAt, found.ExpiresAt);
        _tokenChecks[hash] = good;
        return await UsedAsync(good, cancellationToken);
    }

    /// <summary>The principal of a token found good, its use noted for the list of open sessions.</summary>
    private async Task<ClaimsPrincipal> UsedAsync(TokenCheck check, CancellationToken cancellationToken)
    {
        var sessionId = SessionService.TokenSessionId(check.TokenId);
        await sessions.NoteUseAsync(sessionId, cancellationToken);
        return Principal(check.UserId, check.UserName, check.Roles, sessionId);
    }

    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
