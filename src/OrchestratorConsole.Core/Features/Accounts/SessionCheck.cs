using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace OrchestratorConsole.Core.Features.Accounts;

/// <summary>
/// Whether a signed-in browser session still holds: the account exists, is not locked out, has the security stamp the
/// session was issued under (a role change, password change, reset, lockout or unlock moves it), and the session's row
/// is still there (it was neither revoked nor signed out). A verdict is reused until <see cref="AccountChanges"/>
/// moves, which every committed write of an account and every revocation does, so a check on every request or action
/// reads the store only after something changed.
/// </summary>
public sealed class SessionCheck(IServiceScopeFactory scopes, AccountChanges changes, SessionService sessions)
{
    private static readonly string StampClaimType = new ClaimsIdentityOptions().SecurityStampClaimType;

    /// <summary>The verdicts reached under one value of the change counter; replaced whole when the counter moves.</summary>
    private Verdicts _verdicts = new(-1, new());

    private sealed record Verdicts(long Generation, ConcurrentDictionary<(string UserId, string? Stamp, string? SessionId), SessionEnd?> Found);

    /// <summary>Null while the session holds (its use is noted); otherwise why it ended.</summary>
    public async Task<SessionEnd?> CheckAsync(ClaimsPrincipal principal, CancellationToken cancellationToken = default)
    {
        var userId = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null)
        {
            return SessionEnd.Deleted;
        }

        var key = (userId, principal.FindFirstValue(StampClaimType), SessionService.SessionIdOf(principal));
        var end = await VerdictAsync(principal, key, cancellationToken);
        if (end is null)
        {
            await sessions.NoteUseAsync(key.Item3, cancellationToken);
        }

        return end;
    }

    private async Task<SessionEnd?> VerdictAsync(ClaimsPrincipal principal, (string UserId, string? Stamp, string? SessionId) key, CancellationToken cancellationToken)
    {
        // Read before the store, so that a write committed while it is read leaves this verdict unused.
        var generation = changes.Generation;
        var verdicts = Volatile.Read(ref _verdicts);
        if (verdicts.Generation == generation && verdicts.Found.TryGetValue(key, out var known))
        {
            return known;
        }

        var end = await ReadAsync(principal, key, cancellationToken);
        // Verdicts of an older counter are dropped; only one of this counter is kept.
        if (verdicts.Generation != generation)
        {
            var fresh = new Verdicts(generation, new());
            verdicts = Interlocked.CompareExchange(ref _verdicts, fresh, verdicts) == verdicts ? fresh : Volatile.Read(ref _verdicts);
        }

        if (verdicts.Generation == generation)
        {
            verdicts.Found[key] = end;
        }

        return end;
    }

    private async Task<SessionEnd?> ReadAsync(ClaimsPrincipal principal, (string UserId, string? Stamp, string? SessionId) key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ConsoleUser>>();
        var user = await users.FindByIdAsync(key.UserId);
        if (user is null)
        {
            return SessionEnd.Deleted;
        }

        if (await users.IsLockedOutAsync(user))
        {
            return SessionEnd.LockedOut;
        }

        if (key.Stamp is not null && key.Stamp != user.SecurityStamp)
        {
            var roles = await users.GetRolesAsync(user);
            var held = principal.FindAll(ClaimTypes.Role).Select(c => c.Value);
            return roles.Order(StringComparer.Ordinal).SequenceEqual(held.Order(StringComparer.Ordinal)) ? SessionEnd.AccountChanged : SessionEnd.RoleChanged;
        }

        // A cookie without a session id predates the list of open sessions: it could not be revoked, so it is refused.
        return key.SessionId is not null && await sessions.IsBrowserSessionOpenAsync(key.SessionId, cancellationToken) ? null : SessionEnd.Revoked;
    }
}
