using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Data;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Core.Features.Audit;

namespace OrchestratorConsole.Core.Tests.Features.Accounts;

/// <summary>Sign-in, lockout, throttling and a user's own password change, on each settings store.</summary>
public abstract class SignInServiceTests(NodeStore store) : AccountsTest(store)
{
    [Fact]
    public async Task The_forced_first_change_replaces_the_default_password()
    {
        await SignIn.ChangePasswordAsync(new("vmware", "vmware", "N3w!Password"), Address, Ct);

        Assert.False(Assert.Single(await Accounts.ListAsync(TestActors.Administrator(), Ct)).MustChangePassword);
        var principal = await SignIn.VerifyCredentialsAsync("vmware", "N3w!Password", Address, cancellationToken: Ct);
        Assert.Equal("vmware", principal.Identity!.Name);
        await Assert.ThrowsAsync<AuthenticationFailedException>(() => SignIn.VerifyCredentialsAsync("vmware", "vmware", Address, cancellationToken: Ct));
    }

    [Theory]
    [InlineData("nobody", "whatever")]
    [InlineData("vmware", "wrong")]
    [InlineData("vmware", "")]
    [InlineData("", "vmware")]
    public async Task A_failed_sign_in_says_wrong_user_name_or_password_whichever_was_wrong(string userName, string password)
    {
        var error = await Assert.ThrowsAsync<AuthenticationFailedException>(() => SignIn.VerifyCredentialsAsync(userName, password, Address, cancellationToken: Ct));

        Assert.Equal("Wrong user name or password.", error.Message);
    }

    [Fact]
    public async Task A_failed_sign_in_is_an_audit_event()
    {
        await Assert.ThrowsAsync<AuthenticationFailedException>(() => SignIn.VerifyCredentialsAsync("vmware", "wrong", Address, cancellationToken: Ct));

        var failed = Assert.Single((await Node.Get<AuditService>().QueryAsync(new AuditQuery(Action: "login.failed"), Ct)).Items);
        Assert.Equal(("vmware", false, Address), (failed.User, failed.Succeeded, failed.RemoteAddress));
    }

    [Fact]
    public async Task Failed_sign_ins_counted_on_an_account_written_since_it_was_read_still_lock_it()
    {
        await CreateCarolAsync();
        var scopes = Node.Get<IServiceScopeFactory>();
        using var request = scopes.CreateScope();
        var users = request.ServiceProvider.GetRequiredService<UserManager<ConsoleUser>>();
        var carol = (await users.FindByNameAsync("carol"))!;

        for (var i = 0; i < 5; i++)
        {
            // Another writer of the account between the read and the count, as the directory's role check is.
            using (var other = scopes.CreateScope())
            {
                var otherUsers = other.ServiceProvider.GetRequiredService<UserManager<ConsoleUser>>();
                Assert.True((await otherUsers.UpdateSecurityStampAsync((await otherUsers.FindByNameAsync("carol"))!)).Succeeded);
            }

            await FailedSignIns.CountAsync(users, request.ServiceProvider.GetRequiredService<SettingsDbContext>(), carol, Ct);
        }

        Assert.True((await CarolAsync()).LockedOut);
        await Assert.ThrowsAsync<AccountLockedException>(() => SignIn.VerifyCredentialsAsync("carol", CarolPassword, Address, cancellationToken: Ct));
    }

    [Fact]
    public async Task The_fifth_failed_sign_in_locks_the_account_even_for_the_right_password()
    {
        await CreateCarolAsync();
        for (var i = 0; i < 4; i++)
        {
            await Assert.ThrowsAsync<AuthenticationFailedException>(() => SignIn.VerifyCredentialsAsync("carol", "wrong", Address, cancellationToken: Ct));
        }

        var locked = await Assert.ThrowsAsync<AccountLockedException>(() => SignIn.VerifyCredentialsAsync("carol", "wrong", Address, cancellationToken: Ct));

        Assert.Contains("'carol' is locked out", locked.Message);
        Assert.Contains("administrator unlocks it", locked.Message);
        await Assert.ThrowsAsync<AccountLockedException>(() => SignIn.VerifyCredentialsAsync("carol", CarolPassword, Address, cancellationToken: Ct));
        Assert.True((await CarolAsync()).LockedOut);
        Assert.Single((await Node.Get<AuditService>().QueryAsync(new AuditQuery(User: "carol", Action: "account.lockout"), Ct)).Items);
    }

    [Fact]
    public async Task A_successful_sign_in_resets_the_failure_count()
    {
        await CreateCarolAsync();
        for (var i = 0; i < 4; i++)
        {
            await Assert.ThrowsAsync<AuthenticationFailedException>(() => SignIn.VerifyCredentialsAsync("carol", "wrong", Address, cancellationToken: Ct));
        }

        await SignIn.VerifyCredentialsAsync("carol", CarolPassword, Address, cancellationToken: Ct);

        await Assert.ThrowsAsync<AuthenticationFailedException>(() => SignIn.VerifyCredentialsAsync("carol", "wrong", Address, cancellationToken: Ct));
        Assert.False((await CarolAsync()).LockedOut);
    }

    [Fact]
    public async Task Too_many_attempts_from_one_address_for_one_user_are_throttled()
    {
        await using var node = await StartNodeAsync(new Dictionary<string, string?> { ["Accounts:SignInAttemptsPerMinute"] = "3" });
        var signIn = node.Get<SignInService>();
        for (var i = 0; i < 3; i++)
        {
            await Assert.ThrowsAsync<AuthenticationFailedException>(() => signIn.VerifyCredentialsAsync("nobody", "wrong", Address, cancellationToken: Ct));
        }

        var throttled = await Assert.ThrowsAsync<TooManyAttemptsException>(() => signIn.VerifyCredentialsAsync("nobody", "wrong", Address, cancellationToken: Ct));

        Assert.True(throttled.RetryAfter > TimeSpan.Zero);
        Assert.Contains("Too many sign-in attempts for 'nobody'", throttled.Message);
        await Assert.ThrowsAsync<AuthenticationFailedException>(() => signIn.VerifyCredentialsAsync("nobody", "wrong", "203.0.113.9", cancellationToken: Ct));
        await Assert.ThrowsAsync<AuthenticationFailedException>(() => signIn.VerifyCredentialsAsync("somebody", "wrong", Address, cancellationToken: Ct));
    }

    [Theory]
    [InlineData("Sh0rt!A", "at least 8 characters")]
    [InlineData("NoDigits!here", "digit")]
    [InlineData("NoSpecial1here", "non alphanumeric")]
    [InlineData("no-upper-case-1", "uppercase")]
    public async Task Each_password_rule_is_enforced_on_a_password_change(string newPassword, string rule)
    {
        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => SignIn.ChangePasswordAsync(new("vmware", "vmware", newPassword), Address, Ct));

        Assert.Contains(rule, Assert.Single(error.Errors["newPassword"]));
        Assert.True(Assert.Single(await Accounts.ListAsync(TestActors.Administrator(), Ct)).MustChangePassword);
    }

    [Fact]
    public async Task A_password_change_to_the_same_password_is_refused()
    {
        await CreateCarolAsync();

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => SignIn.ChangePasswordAsync(new("carol", CarolPassword, CarolPassword), Address, Ct));

        Assert.Contains("differ", Assert.Single(error.Errors["newPassword"]));
    }

    [Fact]
    public async Task A_password_change_with_a_wrong_current_password_is_refused()
    {
        await CreateCarolAsync();

        await Assert.ThrowsAsync<AuthenticationFailedException>(() => SignIn.ChangePasswordAsync(new("carol", "wrong", "An0ther!Password"), Address, Ct));

        await SignIn.VerifyCredentialsAsync("carol", CarolPassword, Address, cancellationToken: Ct);
    }
}
