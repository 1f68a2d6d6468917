using System.Net;
using OrchestratorConsole.Api.Tests.Infrastructure;

namespace OrchestratorConsole.Api.Tests.Features.Configuration;

/// <summary>
/// Free text outside the configuration sections (passwords, user names, filters, a join's address) has a limit too: a
/// longer value is refused with the limit named, and nothing happens; a value at the limit is taken as given.
/// </summary>
public sealed class TextLimitsApiTests(ConsoleFactory console) : IClassFixture<ConsoleFactory>
{
    /// <summary>A password that meets the policy, <paramref name="length"/> characters long.</summary>
    private static string Password(int length) => "Aa1#" + new string('p', length - 4);

    [Fact]
    public async Task An_account_password_over_128_characters_is_refused_and_no_account_is_made()
    {
        using var admin = await console.AdminAsync();

        using var response = await admin.Post("/api/accounts", new { userName = "longpass", password = Password(129), role = "Reviewer" });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("The password is at most 128 characters; this one has 129.", problem.ErrorsFor("password"));
        var accounts = await admin.GetArrayAsync("/api/accounts");
        Assert.DoesNotContain(accounts, a => (string?)a!["userName"] == "longpass");
    }

    [Fact]
    public async Task A_password_of_exactly_128_characters_is_kept_and_signs_in()
    {
        using var admin = await console.AdminAsync();
        var password = Password(128);

        using var created = await admin.Post("/api/accounts", new { userName = "exactpass", password, role = "Reviewer" });
        await created.ShouldBeAsync(HttpStatusCode.Created);
        using var anonymous = console.CreateClient();
        using var changed = await anonymous.Post("/api/auth/password", new { userName = "exactpass", currentPassword = password, newPassword = Password(127) });

        await changed.ShouldBeAsync(HttpStatusCode.NoContent);
        Assert.NotEmpty(await console.IssueTokenAsync("exactpass", Password(127)));
    }

    [Fact]
    public async Task A_new_password_over_the_limit_is_refused_and_the_old_one_still_works()
    {
        var userName = await console.CreateAccountAsync("Reviewer", "change");
        using var anonymous = console.CreateClient();

        using var response = await anonymous.Post("/api/auth/password", new { userName, currentPassword = ConsoleFactory.UserPassword, newPassword = Password(500) });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("The password is at most 128 characters; this one has 500.", problem.ErrorsFor("newPassword"));
        Assert.NotEmpty(await console.IssueTokenAsync(userName, ConsoleFactory.UserPassword));
    }

    [Fact]
    public async Task A_sign_in_with_an_over_long_user_name_is_refused_naming_the_limit()
    {
        using var anonymous = console.CreateClient();

        using var response = await anonymous.Post("/api/auth/token", new { userName = new string('u', 65), password = "whatever" });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["The user name is at most 64 characters; this one has 65."], problem.ErrorsFor("userName"));
    }

    [Fact]
    public async Task An_export_password_over_the_limit_is_refused_and_nothing_is_exported()
    {
        using var admin = await console.AdminAsync();

        using var response = await admin.Post("/api/configuration/export", new { password = new string('e', 129) });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["The export password is at most 128 characters; this one has 129."], problem.ErrorsFor("password"));
    }

    [Theory]
    [InlineData("nodeUrl", "The node's address is at most 2048 characters; this one has 2049.")]
    [InlineData("userName", "The administrator user name is at most 64 characters; this one has 65.")]
    [InlineData("password", "The administrator password is at most 128 characters; this one has 129.")]
    public async Task A_join_with_an_over_long_field_is_refused_before_any_call(string field, string message)
    {
        using var admin = await console.AdminAsync();
        const string unused = "http://127.0.0.1:9/";
        var body = new Dictionary<string, string>
        {
            ["nodeUrl"] = field == "nodeUrl" ? unused + new string('a', 2049 - unused.Length) : unused,
            ["userName"] = field == "userName" ? new string('u', 65) : "vmware",
            ["password"] = field == "password" ? new string('p', 129) : "secret",
        };

        using var response = await admin.Post("/api/cluster/join", body);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal([message], problem.ErrorsFor(field));
    }

    [Theory]
    [InlineData("user", 65, "The user filter is at most 64 characters; this one has 65.")]
    [InlineData("action", 129, "The action filter is at most 128 characters; this one has 129.")]
    public async Task An_audit_filter_over_the_limit_is_refused_naming_it(string filter, int length, string message)
    {
        using var admin = await console.AdminAsync();

        using var response = await admin.Get($"/api/audit?{filter}={new string('x', length)}");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal([message], problem.ErrorsFor(filter));
    }
}
