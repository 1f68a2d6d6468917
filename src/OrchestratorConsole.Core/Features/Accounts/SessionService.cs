using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Data;
using OrchestratorConsole.Core.Features.Audit;

namespace OrchestratorConsole.Core.Features.Accounts;

/// <summary>
/// Open browser sessions and API tokens: listed and revoked by their user, or by an administrator for anyone. A
/// revocation moves <see cref="AccountChanges"/>, so the remembered checks of cookies and tokens are dropped and the
/// revoked one is refused on its next request or action.
/// </summary>
public sealed class SessionService(IDbContextFactory<SettingsDbContext> dbFactory, AuditService audit, TimeProvider time, AccountChanges changes)
{
    /// <summary>The claim that carries a browser session's id in its cookie, or a token's id in its principal.</summary>
    public const string SessionIdClaimType = "orchestrator:session";

    public const string BrowserKind = "browser";
    public const string TokenKind = "token";

    /// <summary>How long a browser cookie lives without use (its sliding lifetime).</summary>
    public static readonly TimeSpan BrowserSessionLifetime = TimeSpan.FromHours(8);

    /// <summary>A last use is written at most this often per session: a write per request would cost every call a write.</summary>
    public static readonly TimeSpan LastUseGranularity = TimeSpan.FromMinutes(1);

    private const string BrowserPrefix = "b-";
    private const string TokenPrefix = "t-";

    /// <summary>When each session's last use was last written (a timestamp of <see cref="TimeProvider"/>).</summary>
    private readonly ConcurrentDictionary<string, long> _lastUseWritten = new(StringComparer.Ordinal);

    /// <summary>The session id a principal carries, or null.</summary>
    public static string? SessionIdOf(ClaimsPrincipal principal) => principal.FindFirstValue(SessionIdClaimType);

    /// <summary>The id under which a token is listed and revoked.</summary>
    public static string TokenSessionId(long tokenId) => TokenPrefix + tokenId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Records a browser sign-in; the returned id goes into the cookie.</summary>
    public async Task<string> OpenBrowserSessionAsync(string userId, string securityStamp, string? remoteAddress, CancellationToken cancellationToken = default)
    {
        var id = BrowserPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.BrowserSessions.Where(s => s.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken);
        db.BrowserSessions.Add(new BrowserSession
        {
            Id = id,
            UserId = userId,
            SecurityStamp = securityStamp,
            CreatedAt = now,
            RemoteAddress = Address(remoteAddress),
            LastUsedAt = now,
            ExpiresAt = now + BrowserSessionLifetime,
        });
        await db.SaveChangesAsync(cancellationToken);
        return id;
    }

    /// <summary>Removes a browser session's row at sign-out; other windows on the same cookie end on their next action.</summary>
    public async Task CloseBrowserSessionAsync(string? sessionId, CancellationToken cancellationToken = default)
    {
        if (sessionId is null || !sessionId.StartsWith(BrowserPrefix, StringComparison.Ordinal))
        {
            return;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.BrowserSessions.Where(s => s.Id == sessionId).ExecuteDeleteAsync(cancellationToken) > 0)
        {
            changes.Changed();
        }

        _lastUseWritten.TryRemove(sessionId, out _);
    }

    /// <summary>Whether a browser session's row is still there (it was neither revoked nor signed out).</summary>
    public async Task<bool> IsBrowserSessionOpenAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.BrowserSessions.AnyAsync(s => s.Id == sessionId, cancellationToken);
    }

    /// <summary>Notes that a session or token was used now; writes at most once per <see cref="LastUseGranularity"/> per session.</summary>
    public async Task NoteUseAsync(string? sessionId, CancellationToken cancellationToken = default)
    {
        if (sessionId is null)
        {
            return;
        }

        var stamp = time.GetTimestamp();
        if (_lastUseWritten.TryGetValue(sessionId, out var written) && time.GetElapsedTime(written, stamp) < LastUseGranularity)
        {
            return;
        }

        if (_lastUseWritten.Count > 10_000)
        {
            _lastUseWritten.Clear();
        }

        _lastUseWritten[sessionId] = stamp;
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (TryParseTokenId(sessionId) is { } tokenId)
        {
            await db.ApiTokens.Where(t => t.Id == tokenId)
                .ExecuteUpdateAsync(u => u.SetProperty(t => t.LastUsedAt, now), cancellationToken);
        }
        else
        {
            var expires = now + BrowserSessionLifetime;
            await db.BrowserSessions.Where(s => s.Id == sessionId)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.LastUsedAt, now).SetProperty(s => s.ExpiresAt, expires), cancellationToken);
        }
    }

    /// <summary>
    /// The open sessions and tokens: an administrator's of every user (or of <paramref name="userName"/>), anyone
    /// else's only their own. <paramref name="currentSessionId"/> is the caller's own session or token.
    /// </summary>
    public async Task<IReadOnlyList<OpenSession>> ListAsync(Actor actor, string? currentSessionId, string? userName = null, CancellationToken cancellationToken = default)
    {
        var name = string.IsNullOrWhiteSpace(userName) ? null : userName.Trim();
        if (!actor.IsInRole(Roles.Administrator))
        {
            if (name is not null && !SameUser(name, actor.UserName))
            {
                throw new ForbiddenException($"Only an Administrator sees the sessions of another user; '{actor.UserName}' sees only their own.");
            }

            name = actor.UserName;
        }

        var normalized = name?.ToUpperInvariant();
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // A row issued under an older security stamp is already refused, so it is not listed as open.
        var owners = db.Users.AsNoTracking().Where(u => normalized == null || u.NormalizedUserName == normalized);
        var browsers = await (from s in db.BrowserSessions.AsNoTracking() join u in owners on s.UserId equals u.Id where s.SecurityStamp == u.SecurityStamp
                              select new { s.Id, u.UserName, s.CreatedAt, s.RemoteAddress, s.LastUsedAt, s.ExpiresAt }).ToListAsync(cancellationToken);
        var tokens = await (from t in db.ApiTokens.AsNoTracking() join u in owners on t.UserId equals u.Id where t.SecurityStamp == u.SecurityStamp
                            select new { t.Id, u.UserName, t.CreatedAt, t.RemoteAddress, t.LastUsedAt, t.ExpiresAt }).ToListAsync(cancellationToken);

        return
        [
            .. browsers.Select(s => new OpenSession(s.Id, s.UserName!, BrowserKind, s.CreatedAt, s.RemoteAddress, s.LastUsedAt, s.ExpiresAt, s.Id == currentSessionId))
                .Concat(tokens.Select(t => new OpenSession(
                    TokenSessionId(t.Id), t.UserName!, TokenKind, t.CreatedAt, t.RemoteAddress, t.LastUsedAt, t.ExpiresAt, TokenSessionId(t.Id) == currentSessionId)))
                .Where(s => s.ExpiresAt > now)
                .OrderBy(s => s.UserName, StringComparer.OrdinalIgnoreCase)
                .ThenByDescending(s => s.CreatedAt),
        ];
    }

    /// <summary>Revokes one session or token: the caller's own, or anyone's for an administrator.</summary>
    public async Task RevokeAsync(Actor actor, string id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await FindAsync(db, id, cancellationToken);
        // Someone else's session is "not found" to a non-administrator, as an unknown id is: a 403 would tell them
        // that the id belongs to an open session of somebody.
        if (found is null || (!actor.IsInRole(Roles.Administrator) && !SameUser(found.Value.UserName, actor.UserName)))
        {
            throw new NotFoundException($"There is no open session or token with the id '{id}'.");
        }

        var (kind, owner) = found.Value;
        var removed = TryParseTokenId(id) is { } tokenId
            ? await db.ApiTokens.Where(t => t.Id == tokenId).ExecuteDeleteAsync(cancellationToken)
            : await db.BrowserSessions.Where(s => s.Id == id).ExecuteDeleteAsync(cancellationToken);
        changes.Changed();
        if (removed > 0)
        {
            await audit.RecordAsync(actor, "session.revoke", null, $"{owner}: {(kind == TokenKind ? "API token" : "browser session")} {id}", cancellationToken: cancellationToken);
        }
    }

    /// <summary>Revokes every browser session and token of a user: their own, or anyone's for an administrator. Returns how many.</summary>
    public async Task<int> RevokeAllAsync(Actor actor, string? userName, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(userName))
        {
            throw ValidationFailedException.For("userName", "Name the user whose sessions and tokens to revoke: userName is required.");
        }

        var name = userName.Trim();
        if (!actor.IsInRole(Roles.Administrator) && !SameUser(name, actor.UserName))
        {
            throw new ForbiddenException($"Only an Administrator revokes the sessions of another user; '{actor.UserName}' may revoke only their own.");
        }

        var normalized = name.ToUpperInvariant();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.AsNoTracking().Where(u => u.NormalizedUserName == normalized).Select(u => new { u.Id, u.UserName }).FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException($"There is no account named '{name}'.");
        var removed = await db.BrowserSessions.Where(s => s.UserId == user.Id).ExecuteDeleteAsync(cancellationToken)
            + await db.ApiTokens.Where(t => t.UserId == user.Id).ExecuteDeleteAsync(cancellationToken);
        changes.Changed();
        await audit.RecordAsync(actor, "session.revoke-all", null, $"{user.UserName}: {removed} browser session(s) and API token(s)", cancellationToken: cancellationToken);
        return removed;
    }

    private static async Task<(string Kind, string UserName)?> FindAsync(SettingsDbContext db, string id, CancellationToken cancellationToken)
    {
        if (TryParseTokenId(id) is { } tokenId)
        {
            var token = await (from t in db.ApiTokens join u in db.Users on t.UserId equals u.Id where t.Id == tokenId select u.UserName).FirstOrDefaultAsync(cancellationToken);
            return token is null ? null : (TokenKind, token);
        }

        if (!id.StartsWith(BrowserPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var browser = await (from s in db.BrowserSessions join u in db.Users on s.UserId equals u.Id where s.Id == id select u.UserName).FirstOrDefaultAsync(cancellationToken);
        return browser is null ? null : (BrowserKind, browser);
    }

    private static long? TryParseTokenId(string id) =>
        id.StartsWith(TokenPrefix, StringComparison.Ordinal)
        && long.TryParse(id.AsSpan(TokenPrefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var tokenId)
            ? tokenId
            : null;

    private static bool SameUser(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static string? Address(string? remoteAddress) => remoteAddress is { Length: > 64 } ? remoteAddress[..64] : remoteAddress;
}
