using System.Buffers.Binary;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Core.Features.Audit;

namespace OrchestratorConsole.Core.Tests.Features.Accounts;

public sealed class AccountServiceOnSqliteTests() : AccountServiceTests(NodeStore.Sqlite);

public sealed class AccountServiceOnPostgresTests() : AccountServiceTests(NodeStore.Postgres);

/// <summary>The first administrator, sign-in, lockout, throttling, the password policy and API tokens, on each settings store.</summary>
public abstract class AccountServiceTests(NodeStore store) : IAsyncLifetime
{
    private const string CarolPassword = "C4rol!Password";
    private const string Address = "198.51.100.7";

    private NodeHost _node = null!;

    private AccountService Accounts => _node.Get<AccountService>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _node = await StartNodeAsync();

    public async ValueTask DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task Without_an_initial_password_the_first_administrator_is_vmware_and_must_change_the_password()
    {
        var vmware = Assert.Single(await Accounts.ListAsync(TestActors.Administrator(), Ct));

        Assert.Equal(("vmware", Roles.Administrator, true), (vmware.UserName, vmware.Role, vmware.MustChangePassword));
        var refused = await Assert.ThrowsAsync<PasswordChangeRequiredException>(() => Accounts.VerifyCredentialsAsync("vmware", "vmware", Address, cancellationToken: Ct));
        Assert.Contains("vmware", refused.Message);
        var principal = await Accounts.VerifyCredentialsAsync("vmware", "vmware", Address, allowPasswordChangeRequired: true, cancellationToken: Ct);
        Assert.Equal("vmware", principal.Identity!.Name);
    }

    [Fact]
    public async Task With_an_initial_password_vmware_gets_it_and_need_not_change_it()
    {
        await using var node = await StartNodeAsync(new Dictionary<string, string?> { ["Accounts:InitialAdminPassword"] = "Init!al-Pa55" });
        var accounts = node.Get<AccountService>();

        var vmware = Assert.Single(await accounts.ListAsync(TestActors.Administrator(), Ct));

        Assert.False(vmware.MustChangePassword);
        var principal = await accounts.VerifyCredentialsAsync("vmware", "Init!al-Pa55", Address, cancellationToken: Ct);
        Assert.True(principal.IsInRole(Roles.Administrator));
        await Assert.ThrowsAsync<AuthenticationFailedException>(() => accounts.VerifyCredentialsAsync("vmware", "vmware", Address, cancellationToken: Ct));
    }

    [Fact]
    public async Task The_forced_first_change_replaces_the_default_password()
    {
        await Accounts.ChangePasswordAsync("vmware", "vmware", "N3w!Password", Address, Ct);

        Assert.False(Assert.Single(await Accounts.ListAsync(TestActors.Administrator(), Ct)).MustChangePassword);
        var principal = await Accounts.VerifyCredentialsAsync("vmware", "N3w!Password", Address, cancellationToken: Ct);
        Assert.Equal("vmware", principal.Identity!.Name);
        await Assert.ThrowsAsync<AuthenticationFailedException>(() => Accounts.VerifyCredentialsAsync("vmware", "vmware", Address, cancellationToken: Ct));
    }

    [Theory]
    [InlineData("nobody", "whatever")]
    [InlineData("vmware", "wrong")]
    [InlineData("vmware", "")]
    [InlineData("", "vmware")]
    public async Task A_failed_sign_in_says_wrong_user_name_or_password_whichever_was_wrong(string userName, string password)
    {
        var error = await Assert.ThrowsAsync<AuthenticationFailedException>(() => Accounts.VerifyCredentialsAsync(userName, password, Address, cancellationToken: Ct));

        Assert.Equal("Wrong user name or password.", error.Message);
    }

    [Fact]
    public async Task A_failed_sign_in_is_an_audit_event()
    {
        await Assert.ThrowsAsync<AuthenticationFailedException>(() => Accounts.VerifyCredentialsAsync("vmware", "wrong", Address, cancellationToken: Ct));

        var failed = Assert.Single((await _node.Get<AuditService>().QueryAsync(new AuditQuery(Action: "login.failed"), Ct)).Items);
        Assert.Equal(("vmware", false, Address), (failed.User, failed.Succeeded, failed.RemoteAddress));
    }

    [Fact]
    public async Task The_fifth_failed_sign_in_locks_the_account_even_for_the_right_password()
    {
        await CreateCarolAsync();
        for (var i = 0; i < 4; i++)
        {
            await Assert.ThrowsAsync<AuthenticationFailedException>(() => Accounts.VerifyCredentialsAsync("carol", "wrong", Address, cancellationToken: Ct));
        }

        var locked = await Assert.ThrowsAsync<AccountLockedException>(() => Accounts.VerifyCredentialsAsync("carol", "wrong", Address, cancellationToken: Ct));

        Assert.Contains("'carol' is locked out", locked.Message);
        Assert.Contains("administrator unlocks it", locked.Message);
        await Assert.ThrowsAsync<AccountLockedException>(() => Accounts.VerifyCredentialsAsync("carol", CarolPassword, Address, cancellationToken: Ct));
        Assert.True((await CarolAsync()).LockedOut);
        Assert.Single((await _node.Get<AuditService>().QueryAsync(new AuditQuery(User: "carol", Action: "account.lockout"), Ct)).Items);
    }

    [Fact]
    public async Task An_administrator_unlocks_a_locked_account()
    {
        await CreateCarolAsync();
        await LockOutCarolAsync();

        var unlocked = await Accounts.UnlockAsync(TestActors.Administrator(), "carol", Ct);

        Assert.False(unlocked.LockedOut);
        Assert.Equal("carol", (await Accounts.VerifyCredentialsAsync("carol", CarolPassword, Address, cancellationToken: Ct)).Identity!.Name);
    }

    [Fact]
    public async Task A_successful_sign_in_resets_the_failure_count()
    {
        await CreateCarolAsync();
        for (var i = 0; i < 4; i++)
        {
            await Assert.ThrowsAsync<AuthenticationFailedException>(() => Accounts.VerifyCredentialsAsync("carol", "wrong", Address, cancellationToken: Ct));
        }

        await Accounts.VerifyCredentialsAsync("carol", CarolPassword, Address, cancellationToken: Ct);

        await Assert.ThrowsAsync<AuthenticationFailedException>(() => Accounts.VerifyCredentialsAsync("carol", "wrong", Address, cancellationToken: Ct));
        Assert.False((await CarolAsync()).LockedOut);
    }

    [Fact]
    public async Task Too_many_attempts_from_one_address_for_one_user_are_throttled()
    {
        await using var node = await StartNodeAsync(new Dictionary<string, string?> { ["Accounts:SignInAttemptsPerMinute"] = "3" });
        var accounts = node.Get<AccountService>();
        for (var i = 0; i < 3; i++)
        {
            await Assert.ThrowsAsync<AuthenticationFailedException>(() => accounts.VerifyCredentialsAsync("nobody", "wrong", Address, cancellationToken: Ct));
        }

        var throttled = await Assert.ThrowsAsync<TooManyAttemptsException>(() => accounts.VerifyCredentialsAsync("nobody", "wrong", Address, cancellationToken: Ct));

        Assert.True(throttled.RetryAfter > TimeSpan.Zero);
        Assert.Contains("Too many sign-in attempts for 'nobody'", throttled.Message);
        await Assert.ThrowsAsync<AuthenticationFailedException>(() => accounts.VerifyCredentialsAsync("nobody", "wrong", "203.0.113.9", cancellationToken: Ct));
        await Assert.ThrowsAsync<AuthenticationFailedException>(() => accounts.VerifyCredentialsAsync("somebody", "wrong", Address, cancellationToken: Ct));
    }

    [Fact]
    public async Task A_password_that_breaks_the_policy_is_refused_with_each_rule_it_breaks()
    {
        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => Accounts.CreateAsync(TestActors.Administrator(), "carol", "short", Roles.Reviewer, Ct));

        var messages = error.Errors["password"];
        Assert.Contains(messages, m => m.Contains("at least 8 characters", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("digit", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("non alphanumeric", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("uppercase", StringComparison.Ordinal));
        Assert.DoesNotContain(messages, m => m.Contains("lowercase", StringComparison.Ordinal));
        Assert.Single(await Accounts.ListAsync(TestActors.Administrator(), Ct));
    }

    [Theory]
    [InlineData("Sh0rt!A", "at least 8 characters")]
    [InlineData("NoDigits!here", "digit")]
    [InlineData("NoSpecial1here", "non alphanumeric")]
    [InlineData("no-upper-case-1", "uppercase")]
    public async Task Each_password_rule_is_enforced_on_a_password_change(string newPassword, string rule)
    {
        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => Accounts.ChangePasswordAsync("vmware", "vmware", newPassword, Address, Ct));

        Assert.Contains(rule, Assert.Single(error.Errors["newPassword"]));
        Assert.True(Assert.Single(await Accounts.ListAsync(TestActors.Administrator(), Ct)).MustChangePassword);
    }

    [Fact]
    public async Task A_password_change_to_the_same_password_is_refused()
    {
        await CreateCarolAsync();

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => Accounts.ChangePasswordAsync("carol", CarolPassword, CarolPassword, Address, Ct));

        Assert.Contains("differ", Assert.Single(error.Errors["newPassword"]));
    }

    [Fact]
    public async Task A_password_change_with_a_wrong_current_password_is_refused()
    {
        await CreateCarolAsync();

        await Assert.ThrowsAsync<AuthenticationFailedException>(() => Accounts.ChangePasswordAsync("carol", "wrong", "An0ther!Password", Address, Ct));

        await Accounts.VerifyCredentialsAsync("carol", CarolPassword, Address, cancellationToken: Ct);
    }

    [Fact]
    public async Task Password_hashes_use_210000_PBKDF2_iterations()
    {
        await CreateCarolAsync();
        await using var db = _node.CreateDbContext();
        var hashes = await db.Users.AsNoTracking().Select(u => new { u.UserName, u.PasswordHash }).ToListAsync(Ct);

        Assert.Equal(2, hashes.Count);
        Assert.All(hashes, h =>
        {
            // Identity v3 format: 0x01, PRF (uint32), iteration count (uint32), salt length (uint32), salt, subkey; big-endian.
            var bytes = Convert.FromBase64String(h.PasswordHash!);
            Assert.Equal(0x01, bytes[0]);
            Assert.Equal(2u, BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(1, 4))); // HMACSHA512
            Assert.Equal(210_000u, BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(5, 4)));
            var saltLength = (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(9, 4));
            Assert.True(saltLength >= 16);
            Assert.Equal(13 + saltLength + 32, bytes.Length);
        });
    }

    [Fact]
    public async Task A_token_is_issued_for_good_credentials_and_identifies_the_user_and_role()
    {
        await CreateCarolAsync(Roles.Support);

        var issued = await Accounts.IssueTokenAsync("carol", CarolPassword, Address, Ct);

        Assert.Equal(_node.Clock.GetUtcNow() + TimeSpan.FromHours(8), issued.ExpiresAt);
        var principal = await Accounts.ValidateTokenAsync(issued.Token, Ct);
        Assert.NotNull(principal);
        Assert.Equal("carol", principal.Identity!.Name);
        Assert.True(principal.IsInRole(Roles.Support));
        Assert.Equal(Roles.Support, Assert.Single(principal.FindAll(ClaimTypes.Role)).Value);
    }

    [Fact]
    public async Task Only_the_hash_of_a_token_is_stored()
    {
        await CreateCarolAsync();
        var issued = await Accounts.IssueTokenAsync("carol", CarolPassword, Address, Ct);

        await using var db = _node.CreateDbContext();
        var stored = Assert.Single(await db.ApiTokens.AsNoTracking().ToListAsync(Ct));

        Assert.NotEqual(issued.Token, stored.TokenHash);
        Assert.DoesNotContain(issued.Token, stored.TokenHash);
    }

    [Fact]
    public async Task An_unknown_token_is_not_valid()
    {
        Assert.Null(await Accounts.ValidateTokenAsync("not-a-token", Ct));
    }

    [Fact]
    public async Task No_token_is_issued_while_the_password_must_be_changed()
    {
        await Assert.ThrowsAsync<PasswordChangeRequiredException>(() => Accounts.IssueTokenAsync("vmware", "vmware", Address, Ct));
    }

    [Fact]
    public async Task A_token_expires_after_the_token_lifetime()
    {
        await using var node = await StartNodeAsync(new Dictionary<string, string?> { ["Accounts:TokenLifetime"] = "00:30:00" });
        var accounts = node.Get<AccountService>();
        await accounts.CreateAsync(TestActors.Administrator(), "carol", CarolPassword, Roles.Reviewer, Ct);
        var issued = await accounts.IssueTokenAsync("carol", CarolPassword, Address, Ct);

        node.Clock.Advance(TimeSpan.FromMinutes(30) - TimeSpan.FromSeconds(1));
        Assert.NotNull(await accounts.ValidateTokenAsync(issued.Token, Ct));

        node.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await accounts.ValidateTokenAsync(issued.Token, Ct));
    }

    [Fact]
    public async Task A_token_dies_when_its_user_changes_the_password()
    {
        await CreateCarolAsync();
        var issued = await Accounts.IssueTokenAsync("carol", CarolPassword, Address, Ct);

        await Accounts.ChangePasswordAsync("carol", CarolPassword, "An0ther!Password", Address, Ct);

        Assert.Null(await Accounts.ValidateTokenAsync(issued.Token, Ct));
        var fresh = await Accounts.IssueTokenAsync("carol", "An0ther!Password", Address, Ct);
        Assert.NotNull(await Accounts.ValidateTokenAsync(fresh.Token, Ct));
    }

    [Fact]
    public async Task A_token_dies_when_its_user_gets_another_role()
    {
        await CreateCarolAsync(Roles.Administrator);
        var issued = await Accounts.IssueTokenAsync("carol", CarolPassword, Address, Ct);

        var changed = await Accounts.SetRoleAsync(TestActors.Administrator(), "carol", Roles.Reviewer, Ct);

        Assert.Equal(Roles.Reviewer, changed.Role);
        Assert.Null(await Accounts.ValidateTokenAsync(issued.Token, Ct));
        var fresh = await Accounts.ValidateTokenAsync((await Accounts.IssueTokenAsync("carol", CarolPassword, Address, Ct)).Token, Ct);
        Assert.True(fresh!.IsInRole(Roles.Reviewer));
        Assert.False(fresh.IsInRole(Roles.Administrator));
    }

    [Fact]
    public async Task A_token_dies_when_its_user_is_locked_out_and_stays_dead_after_the_unlock()
    {
        await CreateCarolAsync();
        var issued = await Accounts.IssueTokenAsync("carol", CarolPassword, Address, Ct);

        await LockOutCarolAsync();
        Assert.Null(await Accounts.ValidateTokenAsync(issued.Token, Ct));

        await Accounts.UnlockAsync(TestActors.Administrator(), "carol", Ct);
        Assert.Null(await Accounts.ValidateTokenAsync(issued.Token, Ct));
    }

    [Fact]
    public async Task A_token_dies_when_an_administrator_unlocks_its_user()
    {
        await CreateCarolAsync();
        var issued = await Accounts.IssueTokenAsync("carol", CarolPassword, Address, Ct);

        await Accounts.UnlockAsync(TestActors.Administrator(), "carol", Ct);

        Assert.Null(await Accounts.ValidateTokenAsync(issued.Token, Ct));
    }

    [Fact]
    public async Task A_token_dies_when_its_user_is_deleted()
    {
        await CreateCarolAsync();
        var issued = await Accounts.IssueTokenAsync("carol", CarolPassword, Address, Ct);

        await Accounts.DeleteAsync(TestActors.Administrator(), "carol", Ct);

        Assert.Null(await Accounts.ValidateTokenAsync(issued.Token, Ct));
        Assert.DoesNotContain(await Accounts.ListAsync(TestActors.Administrator(), Ct), a => a.UserName == "carol");
        await Assert.ThrowsAsync<AuthenticationFailedException>(() => Accounts.VerifyCredentialsAsync("carol", CarolPassword, Address, cancellationToken: Ct));
    }

    [Fact]
    public async Task An_account_name_is_unique()
    {
        await CreateCarolAsync();

        var error = await Assert.ThrowsAsync<ConflictException>(() => Accounts.CreateAsync(TestActors.Administrator(), "carol", CarolPassword, Roles.Reviewer, Ct));

        Assert.Contains("'carol' already exists", error.Message);
    }

    [Fact]
    public async Task An_unknown_role_is_refused_naming_the_roles()
    {
        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => Accounts.CreateAsync(TestActors.Administrator(), "carol", CarolPassword, "Owner", Ct));

        Assert.Contains("Administrator, Reviewer, Support", Assert.Single(error.Errors["role"]));
    }

    [Fact]
    public async Task The_last_administrator_cannot_be_deleted_or_demoted()
    {
        var demote = await Assert.ThrowsAsync<ConflictException>(() => Accounts.SetRoleAsync(TestActors.Administrator(), "vmware", Roles.Reviewer, Ct));
        var delete = await Assert.ThrowsAsync<ConflictException>(() => Accounts.DeleteAsync(TestActors.Administrator(), "vmware", Ct));

        Assert.Contains("last administrator", demote.Message);
        Assert.Contains("last administrator", delete.Message);
        Assert.Equal(Roles.Administrator, Assert.Single(await Accounts.ListAsync(TestActors.Administrator(), Ct)).Role);
    }

    [Fact]
    public async Task Nobody_deletes_their_own_account()
    {
        await CreateCarolAsync(Roles.Administrator);

        await Assert.ThrowsAsync<ConflictException>(() => Accounts.DeleteAsync(TestActors.Administrator("carol"), "carol", Ct));
    }

    [Fact]
    public async Task A_reviewer_or_support_user_cannot_manage_accounts()
    {
        foreach (var actor in new[] { TestActors.Reviewer(), TestActors.Support() })
        {
            await Assert.ThrowsAsync<ForbiddenException>(() => Accounts.ListAsync(actor, Ct));
            await Assert.ThrowsAsync<ForbiddenException>(() => Accounts.CreateAsync(actor, "carol", CarolPassword, Roles.Administrator, Ct));
            await Assert.ThrowsAsync<ForbiddenException>(() => Accounts.SetRoleAsync(actor, "vmware", Roles.Reviewer, Ct));
            await Assert.ThrowsAsync<ForbiddenException>(() => Accounts.UnlockAsync(actor, "vmware", Ct));
            await Assert.ThrowsAsync<ForbiddenException>(() => Accounts.DeleteAsync(actor, "vmware", Ct));
        }

        Assert.Single(await Accounts.ListAsync(TestActors.Administrator(), Ct));
    }

    private async Task<NodeHost> StartNodeAsync(IReadOnlyDictionary<string, string?>? settings = null) =>
        await NodeHost.StartAsync(
            new NodeHostOptions
            {
                Store = store,
                Time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds())),
                Settings = settings ?? new Dictionary<string, string?>(),
            },
            Ct);

    private Task<AccountSummary> CreateCarolAsync(string role = Roles.Reviewer) =>
        Accounts.CreateAsync(TestActors.Administrator(), "carol", CarolPassword, role, Ct);

    private async Task<AccountSummary> CarolAsync() =>
        Assert.Single(await Accounts.ListAsync(TestActors.Administrator(), Ct), a => a.UserName == "carol");

    private async Task LockOutCarolAsync()
    {
        for (var i = 0; i < 4; i++)
        {
            await Assert.ThrowsAsync<AuthenticationFailedException>(() => Accounts.VerifyCredentialsAsync("carol", "wrong", Address, cancellationToken: Ct));
        }

        await Assert.ThrowsAsync<AccountLockedException>(() => Accounts.VerifyCredentialsAsync("carol", "wrong", Address, cancellationToken: Ct));
    }
}
