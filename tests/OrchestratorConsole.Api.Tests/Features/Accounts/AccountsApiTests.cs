using System.Net;
using OrchestratorConsole.Api.Tests.Infrastructure;

namespace OrchestratorConsole.Api.Tests.Features.Accounts;

public sealed class AccountsApiTests(ConsoleFactory console) : IClassFixture<ConsoleFactory>
{
    [Fact]
    public async Task An_administrator_creates_an_account_whose_user_chooses_a_password_first_then_signs_in_with_its_role()
    {
        using var admin = await console.AdminAsync();
        var userName = "created-" + Guid.NewGuid().ToString("N")[..8];

        using var response = await admin.Post("/api/accounts", new { userName, password = ConsoleFactory.UserPassword, role = "Reviewer" });

        var created = (await response.ShouldBeAsync(HttpStatusCode.Created))!.AsObject();
        Assert.Equal($"/api/accounts/{userName}", response.Headers.Location?.OriginalString);
        Assert.Equal(userName, (string?)created["userName"]);
        Assert.Equal("Reviewer", (string?)created["role"]);
        Assert.False((bool)created["lockedOut"]!);
        var list = await admin.GetArrayAsync("/api/accounts");
        Assert.Contains(list, a => (string?)a!["userName"] == userName && (string?)a["role"] == "Reviewer");
        Assert.True((bool)created["mustChangePassword"]!);
        using var anonymous = console.CreateClient();
        using (var refused = await anonymous.Post("/api/auth/token", new { userName, password = ConsoleFactory.UserPassword }))
        {
            Assert.Contains("must be changed", (await refused.ShouldBeProblemAsync(HttpStatusCode.Forbidden)).Detail);
        }

        const string chosen = "Chosen#By-User1";
        using (var change = await anonymous.Post("/api/auth/password", new { userName, currentPassword = ConsoleFactory.UserPassword, newPassword = chosen }))
        {
            Assert.True(change.IsSuccessStatusCode, $"{(int)change.StatusCode}");
        }

        using var reviewer = console.WithToken(await console.IssueTokenAsync(userName, chosen));
        await (await reviewer.Get("/api/node")).ShouldBeOkAsync();
        var audit = await admin.GetOkAsync("/api/audit?action=account.create");
        Assert.Contains(audit["items"]!.AsArray(), e => ((string?)e!["detail"])!.Contains(userName, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("short", "Reviewer", "password")]
    [InlineData("nouppercase1!", "Reviewer", "password")]
    [InlineData("No-Digits-Here!", "Reviewer", "password")]
    [InlineData("NoSpecial1234", "Reviewer", "password")]
    [InlineData("Good-Pass-1!", "Root", "role")]
    [InlineData("Good-Pass-1!", null, "role")]
    public async Task A_weak_password_or_an_unknown_role_gets_400_naming_the_field(string password, string? role, string field)
    {
        using var admin = await console.AdminAsync();
        var userName = "weak-" + Guid.NewGuid().ToString("N")[..8];

        using var response = await admin.Post("/api/accounts", new { userName, password, role });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(problem.ErrorsFor(field));
        Assert.DoesNotContain(await admin.GetArrayAsync("/api/accounts"), a => (string?)a!["userName"] == userName);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("semi;colon")]
    public async Task A_bad_user_name_gets_400(string userName)
    {
        using var admin = await console.AdminAsync();

        using var response = await admin.Post("/api/accounts", new { userName, password = ConsoleFactory.UserPassword, role = "Support" });

        Assert.NotEmpty((await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("userName"));
    }

    [Fact]
    public async Task A_duplicate_user_name_gets_409()
    {
        var userName = await console.CreateAccountAsync("Support", "dup");
        using var admin = await console.AdminAsync();

        using var response = await admin.Post("/api/accounts", new { userName = userName.ToUpperInvariant(), password = ConsoleFactory.UserPassword, role = "Reviewer" });

        Assert.Contains("already exists", (await response.ShouldBeProblemAsync(HttpStatusCode.Conflict)).Detail);
    }

    [Fact]
    public async Task An_administrator_changes_a_role_and_the_new_role_applies()
    {
        var userName = await console.CreateAccountAsync("Reviewer", "promote");
        using var admin = await console.AdminAsync();

        using var response = await admin.Put($"/api/accounts/{userName}", new { role = "Administrator" });

        Assert.Equal("Administrator", (string?)(await response.ShouldBeOkAsync())["role"]);
        using var promoted = console.WithToken(await console.IssueTokenAsync(userName, ConsoleFactory.UserPassword));
        Assert.NotEmpty(await promoted.GetArrayAsync("/api/accounts"));
        using var badRole = await admin.Put($"/api/accounts/{userName}", new { role = "Owner" });
        Assert.NotEmpty((await badRole.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("role"));
    }

    [Fact]
    public async Task An_administrator_unlocks_a_locked_out_account()
    {
        var userName = await console.CreateAccountAsync("Support", "unlock");
        using var anonymous = console.Anonymous();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            (await anonymous.Post("/api/auth/token", new { userName, password = $"Wrong-Pass-{attempt}!" })).Dispose();
        }

        using var admin = await console.AdminAsync();
        var locked = await admin.GetArrayAsync("/api/accounts");
        Assert.True((bool)locked.Single(a => (string?)a!["userName"] == userName)!["lockedOut"]!);

        using var response = await admin.Post($"/api/accounts/{userName}/unlock");

        Assert.False((bool)(await response.ShouldBeOkAsync())["lockedOut"]!);
        using var token = await anonymous.Post("/api/auth/token", new { userName, password = ConsoleFactory.UserPassword });
        await token.ShouldBeOkAsync();
    }

    [Fact]
    public async Task An_administrator_deletes_an_account_and_it_is_gone()
    {
        var userName = await console.CreateAccountAsync("Reviewer", "delete");
        using var admin = await console.AdminAsync();

        using var response = await admin.Delete($"/api/accounts/{userName}");

        await response.ShouldBeAsync(HttpStatusCode.NoContent);
        Assert.DoesNotContain(await admin.GetArrayAsync("/api/accounts"), a => (string?)a!["userName"] == userName);
        using var anonymous = console.Anonymous();
        using var token = await anonymous.Post("/api/auth/token", new { userName, password = ConsoleFactory.UserPassword });
        await token.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_administrator_cannot_delete_their_own_account()
    {
        using var admin = await console.AdminAsync();

        using var response = await admin.Delete($"/api/accounts/{ConsoleFactory.AdminName}");

        Assert.Contains("your own account", (await response.ShouldBeProblemAsync(HttpStatusCode.Conflict)).Detail);
        Assert.Contains(await admin.GetArrayAsync("/api/accounts"), a => (string?)a!["userName"] == ConsoleFactory.AdminName);
    }

    [Fact]
    public async Task The_last_administrator_cannot_be_deleted_or_lose_the_role()
    {
        await using var node = new ConsoleFactory();
        using var admin = await node.AdminAsync();

        using var delete = await admin.Delete($"/api/accounts/{ConsoleFactory.AdminName}");
        using var demote = await admin.Put($"/api/accounts/{ConsoleFactory.AdminName}", new { role = "Reviewer" });

        await delete.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("last administrator", (await demote.ShouldBeProblemAsync(HttpStatusCode.Conflict)).Detail);
        var accounts = await admin.GetArrayAsync("/api/accounts");
        Assert.Equal("Administrator", (string?)accounts.Single(a => (string?)a!["userName"] == ConsoleFactory.AdminName)!["role"]);
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("POST")]
    [InlineData("DELETE")]
    public async Task An_unknown_account_gets_404(string method)
    {
        using var admin = await console.AdminAsync();
        var path = method == "POST" ? "/api/accounts/nobody-here/unlock" : "/api/accounts/nobody-here";
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "PUT")
        {
            request.Content = System.Net.Http.Json.JsonContent.Create(new { role = "Reviewer" });
        }

        using var response = await admin.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Contains("nobody-here", (await response.ShouldBeProblemAsync(HttpStatusCode.NotFound)).Detail);
    }
}
