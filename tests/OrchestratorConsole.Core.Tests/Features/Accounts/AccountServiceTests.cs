using System.Buffers.Binary;
using Microsoft.EntityFrameworkCore;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Accounts;

namespace OrchestratorConsole.Core.Tests.Features.Accounts;

/// <summary>The first administrator, the password policy and hashing, and how administrators manage accounts, on each settings store.</summary>
public abstract class AccountServiceTests(NodeStore store) : AccountsTest(store)
{
    [Fact]
    public async Task Without_an_initial_password_the_first_administrator_is_vmware_and_must_change_the_password()
    {
        var vmware = Assert.Single(await Accounts.ListAsync(TestActors.Administrator(), Ct));

        Assert.Equal(("vmware", Roles.Administrator, true), (vmware.UserName, vmware.Role, vmware.MustChangePassword));
        var refused = await Assert.ThrowsAsync<PasswordChangeRequiredException>(() => SignIn.VerifyCredentialsAsync("vmware", "vmware", Address, cancellationToken: Ct));
        Assert.Contains("vmware", refused.Message);
        var principal = await SignIn.VerifyCredentialsAsync("vmware", "vmware", Address, allowPasswordChangeRequired: true, cancellationToken: Ct);
        Assert.Equal("vmware", principal.Identity!.Name);
    }

    [Fact]
    public async Task With_an_initial_password_vmware_gets_it_and_need_not_change_it()
    {
        await using var node = await StartNodeAsync(new Dictionary<string, string?> { ["Accounts:InitialAdminPassword"] = "Init!al-Pa55" });
        var accounts = node.Get<AccountService>();
        var signIn = node.Get<SignInService>();

        var vmware = Assert.Single(await accounts.ListAsync(TestActors.Administrator(), Ct));

        Assert.False(vmware.MustChangePassword);
        var principal = await signIn.VerifyCredentialsAsync("vmware", "Init!al-Pa55", Address, cancellationToken: Ct);
        Assert.True(principal.IsInRole(Roles.Administrator));
        await Assert.ThrowsAsync<AuthenticationFailedException>(() => signIn.VerifyCredentialsAsync("vmware", "vmware", Address, cancellationToken: Ct));
    }

    [Fact]
    public async Task An_administrator_unlocks_a_locked_account()
    {
        await CreateCarolAsync();
        await LockOutCarolAsync();

        var unlocked = await Accounts.UnlockAsync(TestActors.Administrator(), "carol", Ct);

        Assert.False(unlocked.LockedOut);
        Assert.Equal("carol", (await SignIn.VerifyCredentialsAsync("carol", CarolPassword, Address, cancellationToken: Ct)).Identity!.Name);
    }

    [Fact]
    public async Task A_password_that_breaks_the_policy_is_refused_with_each_rule_it_breaks()
    {
        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => Accounts.CreateAsync(TestActors.Administrator(), new("carol", "short", Roles.Reviewer), Ct));

        var messages = error.Errors["password"];
        Assert.Contains(messages, m => m.Contains("at least 8 characters", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("digit", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("non alphanumeric", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("uppercase", StringComparison.Ordinal));
        Assert.DoesNotContain(messages, m => m.Contains("lowercase", StringComparison.Ordinal));
        Assert.Single(await Accounts.ListAsync(TestActors.Administrator(), Ct));
    }

    [Fact]
    public async Task Password_hashes_use_210000_PBKDF2_iterations()
    {
        await CreateCarolAsync();
        await using var db = Node.CreateDbContext();
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
    public async Task An_account_name_is_unique()
    {
        await CreateCarolAsync();

        var error = await Assert.ThrowsAsync<ConflictException>(() => Accounts.CreateAsync(TestActors.Administrator(), new("carol", CarolPassword, Roles.Reviewer), Ct));

        Assert.Contains("'carol' already exists", error.Message);
    }

    [Fact]
    public async Task An_unknown_role_is_refused_naming_the_roles()
    {
        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => Accounts.CreateAsync(TestActors.Administrator(), new("carol", CarolPassword, "Owner"), Ct));

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
            await Assert.ThrowsAsync<ForbiddenException>(() => Accounts.CreateAsync(actor, new("carol", CarolPassword, Roles.Administrator), Ct));
            await Assert.ThrowsAsync<ForbiddenException>(() => Accounts.SetRoleAsync(actor, "vmware", Roles.Reviewer, Ct));
            await Assert.ThrowsAsync<ForbiddenException>(() => Accounts.UnlockAsync(actor, "vmware", Ct));
            await Assert.ThrowsAsync<ForbiddenException>(() => Accounts.DeleteAsync(actor, "vmware", Ct));
        }

        Assert.Single(await Accounts.ListAsync(TestActors.Administrator(), Ct));
    }

    [Fact]
    public async Task A_theme_choice_is_kept_with_the_account_and_is_no_account_change()
    {
        await CreateCarolAsync();
        var carol = await SignIn.VerifyCredentialsAsync("carol", CarolPassword, Address, cancellationToken: Ct);
        var preferences = Node.Get<UserPreferences>();
        var changes = Node.Get<AccountChanges>();
        var generation = changes.Generation;

        await preferences.SetDarkThemeAsync(carol, true, Ct);
        await preferences.SetDarkThemeAsync(carol, true, Ct);
        Assert.True(await preferences.DarkThemeAsync(carol, Ct));
        await preferences.SetDarkThemeAsync(carol, false, Ct);

        Assert.False(await preferences.DarkThemeAsync(carol, Ct));
        Assert.Equal(generation, changes.Generation);
        await preferences.SetDarkThemeAsync(carol, true, Ct);
        await Accounts.DeleteAsync(TestActors.Administrator(), "carol", Ct);
        Assert.False(await preferences.DarkThemeAsync(carol, Ct));
        await preferences.SetDarkThemeAsync(carol, true, Ct);
    }
}
