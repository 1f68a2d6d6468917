using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OrchestratorConsole.Core.Features.Accounts;

namespace OrchestratorConsole.Core.Tests.Features.Accounts;

/// <summary>Open sessions on each settings store: last use kept to the minute, revocation seen by the next check, rows gone with their account.</summary>
public abstract class SessionServiceTests(NodeStore store) : AccountsTest(store)
{
    private SessionService Sessions => Node.Get<SessionService>();

    [Fact]
    public async Task A_tokens_address_is_kept_and_its_last_use_is_written_at_most_once_a_minute()
    {
        await CreateCarolAsync();
        var issued = await Tokens.IssueTokenAsync("carol", CarolPassword, Address, Ct);
        var start = Node.Clock.GetUtcNow();

        await Tokens.ValidateTokenAsync(issued.Token, Ct);
        Node.Clock.Advance(TimeSpan.FromSeconds(59));
        await Tokens.ValidateTokenAsync(issued.Token, Ct);
        var withinTheMinute = await StoredTokenAsync();
        Node.Clock.Advance(TimeSpan.FromSeconds(2));
        await Tokens.ValidateTokenAsync(issued.Token, Ct);

        Assert.Equal(Address, withinTheMinute.RemoteAddress);
        Assert.Equal(start, withinTheMinute.LastUsedAt);
        Assert.Equal(start + TimeSpan.FromSeconds(61), (await StoredTokenAsync()).LastUsedAt);
    }

    [Fact]
    public async Task A_browser_session_holds_until_revoked_and_its_next_check_says_so()
    {
        await CreateCarolAsync();
        var principal = await BrowserPrincipalAsync();
        var check = Node.Get<SessionCheck>();
        Assert.Null(await check.CheckAsync(principal, Ct));
        var listed = Assert.Single(await Sessions.ListAsync(TestActors.Administrator(), null, "carol", Ct));
        Assert.Equal((SessionService.BrowserKind, Address), (listed.Kind, listed.RemoteAddress));

        await Sessions.RevokeAsync(TestActors.Administrator(), listed.Id, Ct);

        Assert.Equal(SessionEnd.Revoked, await check.CheckAsync(principal, Ct));
        Assert.Empty(await Sessions.ListAsync(TestActors.Administrator(), null, "carol", Ct));
    }

    [Fact]
    public async Task A_browser_sessions_last_use_moves_with_its_checks_at_most_once_a_minute()
    {
        await CreateCarolAsync();
        var principal = await BrowserPrincipalAsync();
        var check = Node.Get<SessionCheck>();
        var start = Node.Clock.GetUtcNow();

        await check.CheckAsync(principal, Ct);
        Node.Clock.Advance(TimeSpan.FromSeconds(30));
        await check.CheckAsync(principal, Ct);
        var withinTheMinute = Assert.Single(await Sessions.ListAsync(TestActors.Administrator(), null, "carol", Ct)).LastUsedAt;
        Node.Clock.Advance(TimeSpan.FromSeconds(31));
        await check.CheckAsync(principal, Ct);

        Assert.Equal(start, withinTheMinute);
        var moved = Assert.Single(await Sessions.ListAsync(TestActors.Administrator(), null, "carol", Ct));
        Assert.Equal(start + TimeSpan.FromSeconds(61), moved.LastUsedAt);
        Assert.Equal(start + TimeSpan.FromSeconds(61) + SessionService.BrowserSessionLifetime, moved.ExpiresAt);
    }

    [Fact]
    public async Task Deleting_an_account_deletes_its_browser_sessions()
    {
        await CreateCarolAsync();
        await BrowserPrincipalAsync();

        await Accounts.DeleteAsync(TestActors.Administrator(), "carol", Ct);

        await using var db = Node.CreateDbContext();
        Assert.Empty(await db.BrowserSessions.AsNoTracking().ToListAsync(Ct));
    }

    /// <summary>What the cookie of carol's browser sign-in holds: her id, stamp, role and a session of her own.</summary>
    private async Task<ClaimsPrincipal> BrowserPrincipalAsync()
    {
        using var scope = Node.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ConsoleUser>>();
        var carol = (await users.FindByNameAsync("carol"))!;
        var sessionId = await Sessions.OpenBrowserSessionAsync(carol.Id, carol.SecurityStamp!, Address, Ct);
        var identity = new ClaimsIdentity("Identity.Application", ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, carol.Id));
        identity.AddClaim(new Claim(ClaimTypes.Name, "carol"));
        identity.AddClaim(new Claim(ClaimTypes.Role, Roles.Reviewer));
        identity.AddClaim(new Claim(new ClaimsIdentityOptions().SecurityStampClaimType, carol.SecurityStamp!));
        identity.AddClaim(new Claim(SessionService.SessionIdClaimType, sessionId));
        return new ClaimsPrincipal(identity);
    }

    private async Task<ApiToken> StoredTokenAsync()
    {
        await using var db = Node.CreateDbContext();
        return Assert.Single(await db.ApiTokens.AsNoTracking().ToListAsync(Ct));
    }
}
