using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using OrchestratorConsole.Api.Tests.Infrastructure;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Api.Tests.Features.Authentication;

/// <summary>
/// Directory users against the tests' own OpenLDAP (test.sh starts it, with a CA of its own): <c>Test connection</c>
/// and <c>Test login</c>, tokens per mapped group, lockout, an injection attempt in the user name, a user taken out
/// of their group, and local accounts unaffected. The role check runs every second here (5 minutes by default).
/// </summary>
public sealed partial class DirectorySignInTests(DirectorySignInTests.Console console) : IClassFixture<DirectorySignInTests.Console>
{
    public sealed class Console() : ConsoleFactory(new Dictionary<string, string?> { ["Authentication:RecheckInterval"] = "00:00:01" });

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DirectoryServer Directory => TestDirectory.Shared;

    private static string LdapUrl => DirectorySignInSettings.Url(Directory.LdapUrl);

    private static string LdapsUrl => DirectorySignInSettings.Url(Directory.LdapsUrl);

    private static readonly Dictionary<string, DirectoryUser> People = new[] { TestDirectory.Alice, TestDirectory.Bob, TestDirectory.Carol, TestDirectory.Dave, TestDirectory.Erin, TestDirectory.Frank }.ToDictionary(u => u.Uid);

    [Fact]
    public async Task Test_connection_binds_and_names_the_server_and_each_way_it_fails_is_said_plainly()
    {
        using var admin = await console.AdminAsync();
        await ConfigureAsync(admin);

        var ok = await TestAsync(admin);
        Assert.True((bool)ok["ok"]!, ok.ToJsonString());
        Assert.Equal(LdapUrl, (string?)ok["server"]);
        Assert.Contains("StartTLS", (string?)ok["message"]);

        await ConfigureAsync(admin, servers: [LdapsUrl], bindPassword: "not-the-password");
        var wrongBind = await TestAsync(admin);
        Assert.False((bool)wrongBind["ok"]!);
        Assert.Contains("refused the bind DN", (string?)wrongBind["message"]);

        await ConfigureAsync(admin, servers: ["ldaps://no-such-host.invalid"]);
        var unknown = await TestAsync(admin);
        Assert.False((bool)unknown["ok"]!);
        Assert.Contains("'no-such-host.invalid' is unknown", (string?)unknown["message"]);

        var closed = $"ldap://127.0.0.1:{ConsoleNode.FreePort()}";
        await ConfigureAsync(admin, servers: [closed]);
        var refused = await TestAsync(admin);
        Assert.False((bool)refused["ok"]!);
        Assert.Contains($"{closed}: the connection to port", (string?)refused["message"]);
        Assert.Contains("was refused", (string?)refused["message"]);

        // Tried in order: the first that answers serves.
        await ConfigureAsync(admin, servers: [closed, LdapsUrl]);
        var second = await TestAsync(admin);
        Assert.True((bool)second["ok"]!, second.ToJsonString());
        Assert.Equal(LdapsUrl, (string?)second["server"]);
    }

    [Fact]
    public async Task A_directory_whose_certificate_is_not_trusted_is_refused_naming_the_certificate_until_its_CA_is_trusted()
    {
        using var admin = await console.AdminAsync();
        var sha256 = DirectorySignInSettings.Sha256OfPemFile(Directory.CaFile);
        using (var removed = await admin.Delete($"/api/trust/{sha256}"))
        {
            Assert.True(removed.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.NotFound);
        }

        foreach (var url in new[] { LdapUrl, LdapsUrl })
        {
            await ConfigureAsync(admin, servers: [url], trustCa: false);
            var refused = await TestAsync(admin);
            Assert.False((bool)refused["ok"]!);
            var message = (string?)refused["message"];
            Assert.Contains("certificate is not trusted", message);
            Assert.Contains(DirectorySignInSettings.ServerSha256, message);

            // Nor does a user sign in over it.
            using var anonymous = console.Anonymous();
            using var token = await anonymous.Post("/api/auth/token", new { userName = "alice", password = TestDirectory.Alice.Password });
            await token.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable);
        }

        await ConfigureAsync(admin, servers: [LdapUrl], trustCa: true);
        Assert.True((bool)(await TestAsync(admin))["ok"]!);
    }

    [Fact]
    public async Task Test_login_shows_the_users_dn_groups_and_role_and_signs_nobody_in()
    {
        using var admin = await console.AdminAsync();
        await ConfigureAsync(admin);

        var erin = await TestAsync(admin, "erin", TestDirectory.Erin.Password);
        Assert.True((bool)erin["ok"]!, erin.ToJsonString());
        Assert.Equal($"uid=erin,ou=people,{TestDirectory.BaseDn}", (string?)erin["dn"]);
        var groups = erin["groups"]!.AsArray().Select(g => (string?)g).ToList();
        Assert.Contains($"cn=console-admins,ou=groups,{TestDirectory.BaseDn}", groups);
        Assert.Contains($"cn=console-reviewers,ou=groups,{TestDirectory.BaseDn}", groups);
        Assert.Equal(Roles.Administrator, (string?)erin["role"]);

        var nobody = Directory.AddUser("tested", TestDirectory.OtherGroupDn);
        var unmapped = await TestAsync(admin, nobody.Uid, nobody.Password);
        Assert.False((bool)unmapped["ok"]!);
        Assert.Equal(nobody.Dn, (string?)unmapped["dn"]);
        Assert.Null(unmapped["role"]);
        Assert.Contains("no access", (string?)unmapped["message"]);

        var wrong = await TestAsync(admin, "bob", "not-bobs-password");
        Assert.False((bool)wrong["ok"]!);
        Assert.Contains("refused the password", (string?)wrong["message"]);

        var injected = await TestAsync(admin, "*)(uid=*", "anything");
        Assert.False((bool)injected["ok"]!);
        Assert.Contains("No entry", (string?)injected["message"]);

        // Nobody was signed in: no account was made for a user tested, with a role or without.
        var mapped = Directory.AddUser("tested", TestDirectory.AdminsGroupDn);
        Assert.Equal(Roles.Administrator, (string?)(await TestAsync(admin, mapped.Uid, mapped.Password))["role"]);
        using var scope = console.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ConsoleUser>>();
        Assert.Null(await users.FindByNameAsync(nobody.Uid));
        Assert.Null(await users.FindByNameAsync(mapped.Uid));
    }

    [Theory]
    [InlineData("alice", Roles.Administrator)]
    [InlineData("bob", Roles.Reviewer)]
    [InlineData("carol", Roles.Support)]
    [InlineData("erin", Roles.Administrator)]
    [InlineData("frank", Roles.Support)]
    public async Task A_directory_user_gets_a_token_with_the_role_of_their_groups(string userName, string role)
    {
        var password = People[userName].Password;
        using var admin = await console.AdminAsync();
        await ConfigureAsync(admin);

        using var user = console.WithToken(await console.IssueTokenAsync(userName, password));

        using (var read = await user.Get("/api/configuration/general"))
        {
            await read.ShouldBeOkAsync();
        }

        var version = (int)(await user.GetOkAsync("/api/configuration/general"))["version"]!;
        using var change = await user.Put("/api/configuration/general", new { description = $"changed by {userName}", version });
        if (role == Roles.Administrator)
        {
            await change.ShouldBeOkAsync();
        }
        else
        {
            await change.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        }

        using var scope = console.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ConsoleUser>>();
        var account = await users.FindByNameAsync(userName);
        Assert.NotNull(account);
        Assert.Null(account.PasswordHash);
        Assert.Equal([role], await users.GetRolesAsync(account));
    }

    [Fact]
    public async Task A_directory_user_in_no_mapped_group_is_told_they_have_no_access_and_an_injection_finds_nobody()
    {
        using var admin = await console.AdminAsync();
        await ConfigureAsync(admin);
        using var anonymous = console.Anonymous();

        using (var dave = await anonymous.Post("/api/auth/token", new { userName = "dave", password = TestDirectory.Dave.Password }))
        {
            var problem = await dave.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
            Assert.Equal(SignInService.NoRoleMessage, problem.Detail);
        }

        foreach (var name in new[] { "*)(uid=*", "*", "alice)(|(uid=*", "alice*" })
        {
            using var injected = await anonymous.Post("/api/auth/token", new { userName = name, password = TestDirectory.Alice.Password });
            var problem = await injected.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
            Assert.Equal("Wrong user name or password.", problem.Detail);
        }
    }

    [Fact]
    public async Task Wrong_directory_passwords_lock_the_account_like_a_local_one()
    {
        using var admin = await console.AdminAsync();
        await ConfigureAsync(admin);
        using var anonymous = console.Anonymous();

        HttpStatusCode last = default;
        for (var attempt = 0; attempt < 6 && last != HttpStatusCode.Locked; attempt++)
        {
            using var wrong = await anonymous.Post("/api/auth/token", new { userName = "carol", password = $"wrong-{attempt}" });
            last = wrong.StatusCode;
        }

        Assert.Equal(HttpStatusCode.Locked, last);
        using var right = await anonymous.Post("/api/auth/token", new { userName = "carol", password = TestDirectory.Carol.Password });
        await right.ShouldBeProblemAsync(HttpStatusCode.Locked);

        using var unlock = await admin.Post("/api/accounts/carol/unlock");
        await unlock.ShouldBeOkAsync();
        using var again = await anonymous.Post("/api/auth/token", new { userName = "carol", password = TestDirectory.Carol.Password });
        await again.ShouldBeOkAsync();
    }

    [Fact]
    public async Task A_user_taken_out_of_their_group_loses_access_at_the_next_check()
    {
        using var admin = await console.AdminAsync();
        await ConfigureAsync(admin);
        var user = Directory.AddUser("moved", TestDirectory.AdminsGroupDn);

        using var client = console.WithToken(await console.IssueTokenAsync(user.Uid, user.Password));
        using (var before = await client.Get("/api/accounts"))
        {
            await before.ShouldBeAsync(HttpStatusCode.OK);
        }

        Directory.RemoveFromGroup(TestDirectory.AdminsGroupDn, user.Dn);

        // The check runs every second here: within a few, the token no longer works.
        var watch = Stopwatch.StartNew();
        HttpStatusCode status;
        do
        {
            await Task.Delay(200, Ct);
            using var after = await client.Get("/api/accounts");
            status = after.StatusCode;
        }
        while (status == HttpStatusCode.OK && watch.Elapsed < TimeSpan.FromSeconds(20));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        using var anonymous = console.Anonymous();
        using var again = await anonymous.Post("/api/auth/token", new { userName = user.Uid, password = user.Password });
        await again.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_section_keeps_the_bind_password_secret()
    {
        using var admin = await console.AdminAsync();
        await ConfigureAsync(admin);

        var section = await admin.GetOkAsync("/api/configuration/authentication");

        Assert.DoesNotContain(TestDirectory.Service.Password, section.ToJsonString());
    }

    [Fact]
    public async Task Saving_refuses_a_server_that_is_not_an_ldap_url_and_a_filter_without_the_user_name()
    {
        using var admin = await console.AdminAsync();
        var version = (int)(await admin.GetOkAsync("/api/configuration/authentication"))["version"]!;

        using var response = await admin.Put("/api/configuration/authentication", new
        {
            ldapEnabled = true,
            serverUrls = new[] { "http://directory.example.com" },
            userSearchBase = "ou=people,dc=example,dc=com",
            userFilter = "(uid=alice)",
            version,
        });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(problem.ErrorsFor("serverUrls"), m => m.Contains("'http://directory.example.com'", StringComparison.Ordinal));
        Assert.Contains(problem.ErrorsFor("userFilter"), m => m.Contains("{0}", StringComparison.Ordinal));
        Assert.Equal(version, (int)(await admin.GetOkAsync("/api/configuration/authentication"))["version"]!);
    }

    [Theory]
    [InlineData(Roles.Reviewer)]
    [InlineData(Roles.Support)]
    public async Task Only_an_administrator_tests_the_directory(string role)
    {
        using var user = await console.ClientAsync(await console.CreateAccountAsync(role, "tester"), ConsoleFactory.UserPassword);
        using var response = await user.Post("/api/authentication/test", new { userName = "alice", password = TestDirectory.Alice.Password });
        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }
}
