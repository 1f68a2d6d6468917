using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Accounts;

namespace OrchestratorConsole.Core.Tests.Features.Accounts;

/// <summary>API tokens: issued for good credentials, stored as a hash, dead at once when their account changes, on each settings store.</summary>
public abstract class ApiTokenServiceTests(NodeStore store) : AccountsTest(store)
{
    [Fact]
    public async Task A_token_is_issued_for_good_credentials_and_identifies_the_user_and_role()
    {
        await CreateCarolAsync(Roles.Support);

        var issued = await Tokens.IssueTokenAsync("carol", CarolPassword, Address, Ct);

        Assert.Equal(Node.Clock.GetUtcNow() + TimeSpan.FromHours(8), issued.ExpiresAt);
        var principal = await Tokens.ValidateTokenAsync(issued.Token, Ct);
        Assert.NotNull(principal);
        Assert.Equal("carol", principal.Identity!.Name);
        Assert.True(principal.IsInRole(Roles.Support));
        Assert.Equal(Roles.Support, Assert.Single(principal.FindAll(ClaimTypes.Role)).Value);
    }

    [Fact]
    public async Task Only_the_hash_of_a_token_is_stored()
    {
        await CreateCarolAsync();
        var issued = await Tokens.IssueTokenAsync("carol", CarolPassword, Address, Ct);

        await using var db = Node.CreateDbContext();
        var stored = Assert.Single(await db.ApiTokens.AsNoTracking().ToListAsync(Ct));

        Assert.NotEqual(issued.Token, stored.TokenHash);
        Assert.DoesNotContain(issued.Token, stored.TokenHash);
    }

    [Fact]
    public async Task An_unknown_token_is_not_valid()
    {
        Assert.Null(await Tokens.ValidateTokenAsync("not-a-token", Ct));
    }

    [Fact]
    public async Task No_token_is_issued_while_the_password_must_be_changed()
    {
        await Assert.ThrowsAsync<PasswordChangeRequiredException>(() => Tokens.IssueTokenAsync("vmware", "vmware", Address, Ct));
    }

    [Fact]
    public async Task A_token_expires_after_the_token_lifetime()
    {
        await using var node = await StartNodeAsync(new Dictionary<string, string?> { ["Accounts:TokenLifetime"] = "00:30:00" });
        var tokens = node.Get<ApiTokenService>();
        await CreateCarolAsync(node.Get<AccountService>(), node.Get<SignInService>());
        var issued = await tokens.IssueTokenAsync("carol", CarolPassword, Address, Ct);

        node.Clock.Advance(TimeSpan.FromMinutes(30) - TimeSpan.FromSeconds(1));
        Assert.NotNull(await tokens.ValidateTokenAsync(issued.Token, Ct));

        node.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await tokens.ValidateTokenAsync(issued.Token, Ct));
    }

    [Fact]
    public async Task A_token_dies_when_its_user_changes_the_password()
    {
        await CreateCarolAsync();
        var issued = await Tokens.IssueTokenAsync("carol", CarolPassword, Address, Ct);

        await SignIn.ChangePasswordAsync(new("carol", CarolPassword, "An0ther!Password"), Address, Ct);

        Assert.Null(await Tokens.ValidateTokenAsync(issued.Token, Ct));
        var fresh = await Tokens.IssueTokenAsync("carol", "An0ther!Password", Address, Ct);
        Assert.NotNull(await Tokens.ValidateTokenAsync(fresh.Token, Ct));
    }

    [Fact]
    public async Task A_token_dies_when_its_user_gets_another_role()
    {
        await CreateCarolAsync(Roles.Administrator);
        var issued = await Tokens.IssueTokenAsync("carol", CarolPassword, Address, Ct);

        var changed = await Accounts.SetRoleAsync(TestActors.Administrator(), "carol", Roles.Reviewer, Ct);

        Assert.Equal(Roles.Reviewer, changed.Role);
        Assert.Null(await Tokens.ValidateTokenAsync(issued.Token, Ct));
        var fresh = await Tokens.ValidateTokenAsync((await Tokens.IssueTokenAsync("carol", CarolPassword, Address, Ct)).Token, Ct);
        Assert.True(fresh!.IsInRole(Roles.Reviewer));
        Assert.False(fresh.IsInRole(Roles.Administrator));
    }

    [Fact]
    public async Task A_token_dies_when_its_user_is_locked_out_and_stays_dead_after_the_unlock()
    {
        await CreateCarolAsync();
        var issued = await Tokens.IssueTokenAsync("carol", CarolPassword, Address, Ct);

        await LockOutCarolAsync();
        Assert.Null(await Tokens.ValidateTokenAsync(issued.Token, Ct));

        await Accounts.UnlockAsync(TestActors.Administrator(), "carol", Ct);
        Assert.Null(await Tokens.ValidateTokenAsync(issued.Token, Ct));
    }

    [Fact]
    public async Task A_token_dies_when_an_administrator_unlocks_its_user()
    {
        await CreateCarolAsync();
        var issued = await Tokens.IssueTokenAsync("carol", CarolPassword, Address, Ct);

        await Accounts.UnlockAsync(TestActors.Administrator(), "carol", Ct);

        Assert.Null(await Tokens.ValidateTokenAsync(issued.Token, Ct));
    }

    [Fact]
    public async Task A_token_dies_when_its_user_is_deleted()
    {
        await CreateCarolAsync();
        var issued = await Tokens.IssueTokenAsync("carol", CarolPassword, Address, Ct);

        await Accounts.DeleteAsync(TestActors.Administrator(), "carol", Ct);

        Assert.Null(await Tokens.ValidateTokenAsync(issued.Token, Ct));
        Assert.DoesNotContain(await Accounts.ListAsync(TestActors.Administrator(), Ct), a => a.UserName == "carol");
        await Assert.ThrowsAsync<AuthenticationFailedException>(() => SignIn.VerifyCredentialsAsync("carol", CarolPassword, Address, cancellationToken: Ct));
    }
}
