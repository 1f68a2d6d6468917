using System.Net;
using System.Text.RegularExpressions;
using OrchestratorConsole.Api.Tests.Infrastructure;

namespace OrchestratorConsole.Api.Tests.Features.Accounts;

public sealed partial class AuthenticationTests(ConsoleFactory console) : IClassFixture<ConsoleFactory>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("GET", "/api/node")]
    [InlineData("GET", "/api/configuration/general")]
    [InlineData("PUT", "/api/configuration/general")]
    [InlineData("GET", "/api/no-such-endpoint")]
    public async Task A_call_without_a_token_gets_a_401_problem_never_a_redirect(string method, string path)
    {
        using var client = console.Anonymous();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "PUT")
        {
            request.Content = System.Net.Http.Json.JsonContent.Create(new { name = "x", version = 1 });
        }

        using var response = await client.SendAsync(request, Cancellation);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Null(response.Headers.Location);
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString());
        Assert.Contains("/api/auth/token", problem.Detail);
    }

    [Fact]
    public async Task A_browser_login_cookie_never_authenticates_the_api()
    {
        using var browser = console.Anonymous();
        using var loginPage = await browser.Get("/account/login");
        var html = await loginPage.Content.ReadAsStringAsync(Cancellation);
        var antiforgery = AntiforgeryField().Match(html);
        Assert.True(antiforgery.Success, "The login form carries an antiforgery token.");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = antiforgery.Groups[1].Value,
            ["Input.UserName"] = ConsoleFactory.AdminName,
            ["Input.Password"] = ConsoleFactory.AdminPassword,
        });

        using var login = await browser.PostAsync("/account/login", form, Cancellation);
        using var overview = await browser.Get("/");
        using var api = await browser.Get("/api/node");

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal(HttpStatusCode.OK, overview.StatusCode);
        await api.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Null(api.Headers.Location);
    }

    [Theory]
    [InlineData("Bearer not-a-token-this-node-issued")]
    [InlineData("Bearer ")]
    [InlineData("Basic dm13YXJlOnZtd2FyZQ==")]
    public async Task A_bad_token_gets_401(string authorization)
    {
        using var client = console.Anonymous();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);

        using var response = await client.Get("/api/node");

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_from_the_token_endpoint_authenticates_api_calls_until_it_expires()
    {
        using var anonymous = console.Anonymous();
        using var issued = await anonymous.Post("/api/auth/token", new { userName = ConsoleFactory.AdminName, password = ConsoleFactory.AdminPassword });
        var body = await issued.ShouldBeOkAsync();
        using var client = console.WithToken((string)body["token"]!);

        var node = await client.GetOkAsync("/api/node");

        Assert.True(DateTimeOffset.Parse((string)body["expiresAt"]!, System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow.AddHours(1));
        Assert.False(string.IsNullOrEmpty((string?)node["nodeId"]));
    }

    [Fact]
    public async Task A_wrong_password_gets_a_401_problem_and_no_token()
    {
        var userName = await console.CreateAccountAsync("Reviewer", "wrongpw");
        using var client = console.Anonymous();

        using var response = await client.Post("/api/auth/token", new { userName, password = "Not-The-Password-1!" });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("user name or password", problem.Detail);
    }

    [Fact]
    public async Task The_default_vmware_password_must_be_changed_before_a_token_is_issued()
    {
        await using var fresh = new ConsoleFactory(new Dictionary<string, string?> { ["Accounts:InitialAdminPassword"] = null });
        using var client = fresh.Anonymous();

        using var refused = await client.Post("/api/auth/token", new { userName = "vmware", password = "vmware" });
        var required = await refused.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal("Password change required", required.Title);
        Assert.Contains("must be changed", required.Detail);

        using var weak = await client.Post("/api/auth/password", new { userName = "vmware", currentPassword = "vmware", newPassword = "short" });
        var policy = await weak.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var messages = policy.ErrorsFor("newPassword");
        Assert.Contains(messages, m => m.Contains("8 characters", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("digit", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("uppercase", StringComparison.Ordinal));

        using var wrongCurrent = await client.Post("/api/auth/password", new { userName = "vmware", currentPassword = "not-vmware", newPassword = "New-Admin-Pass-1!" });
        await wrongCurrent.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        using var changed = await client.Post("/api/auth/password", new { userName = "vmware", currentPassword = "vmware", newPassword = "New-Admin-Pass-1!" });
        await changed.ShouldBeAsync(HttpStatusCode.NoContent);

        using var oldPassword = await client.Post("/api/auth/token", new { userName = "vmware", password = "vmware" });
        await oldPassword.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        using var admin = fresh.WithToken(await fresh.IssueTokenAsync("vmware", "New-Admin-Pass-1!"));
        using var node = await admin.Get("/api/node");
        await node.ShouldBeOkAsync();
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_with_423_and_the_audit_records_the_lockout()
    {
        var userName = await console.CreateAccountAsync("Support", "lockme");
        using var client = console.Anonymous();
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            using var wrong = await client.Post("/api/auth/token", new { userName, password = $"Wrong-Pass-{attempt}!" });
            await wrong.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        }

        using var fifth = await client.Post("/api/auth/token", new { userName, password = "Wrong-Pass-5!" });
        using var rightPasswordTooLate = await client.Post("/api/auth/token", new { userName, password = ConsoleFactory.UserPassword });

        await fifth.ShouldBeProblemAsync((HttpStatusCode)423);
        var locked = await rightPasswordTooLate.ShouldBeProblemAsync((HttpStatusCode)423);
        Assert.Contains("locked out", locked.Detail);
        using var admin = await console.AdminAsync();
        var audit = await admin.GetOkAsync($"/api/audit?user={userName}&action=account.lockout");
        Assert.Equal(1, (int)audit["total"]!);
    }

    [Fact]
    public async Task Sign_in_attempts_over_the_limit_per_minute_get_429_with_Retry_After()
    {
        await using var throttled = new ConsoleFactory(new Dictionary<string, string?> { ["Accounts:SignInAttemptsPerMinute"] = "3" });
        using var client = throttled.Anonymous();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            using var allowed = await client.Post("/api/auth/token", new { userName = "vmware", password = $"Wrong-Pass-{attempt}!" });
            await allowed.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        }

        using var response = await client.Post("/api/auth/token", new { userName = "vmware", password = ConsoleFactory.AdminPassword });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Contains("Too many sign-in attempts", problem.Detail);
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 60);
    }

    [Fact]
    public async Task A_token_dies_when_its_user_changes_the_password()
    {
        var userName = await console.CreateAccountAsync("Reviewer", "pwchange");
        using var client = console.WithToken(await console.IssueTokenAsync(userName, ConsoleFactory.UserPassword));
        await (await client.Get("/api/node")).ShouldBeOkAsync();

        using var anonymous = console.Anonymous();
        using var changed = await anonymous.Post("/api/auth/password", new { userName, currentPassword = ConsoleFactory.UserPassword, newPassword = "Changed-Pass-2!" });
        await changed.ShouldBeAsync(HttpStatusCode.NoContent);

        using var after = await client.Get("/api/node");
        await after.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_dies_when_an_administrator_changes_the_users_role()
    {
        var userName = await console.CreateAccountAsync("Reviewer", "rolechange");
        using var client = console.WithToken(await console.IssueTokenAsync(userName, ConsoleFactory.UserPassword));
        await (await client.Get("/api/node")).ShouldBeOkAsync();

        using var admin = await console.AdminAsync();
        using var changed = await admin.Put($"/api/accounts/{userName}", new { role = "Support" });
        await changed.ShouldBeOkAsync();

        using var after = await client.Get("/api/node");
        await after.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_dies_when_the_account_is_locked_out_and_again_when_it_is_unlocked()
    {
        var userName = await console.CreateAccountAsync("Reviewer", "locktoken");
        using var beforeLockout = console.WithToken(await console.IssueTokenAsync(userName, ConsoleFactory.UserPassword));
        await (await beforeLockout.Get("/api/node")).ShouldBeOkAsync();
        using var anonymous = console.Anonymous();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            (await anonymous.Post("/api/auth/token", new { userName, password = $"Wrong-Pass-{attempt}!" })).Dispose();
        }

        using var whileLocked = await beforeLockout.Get("/api/node");
        await whileLocked.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        using var admin = await console.AdminAsync();
        await (await admin.Post($"/api/accounts/{userName}/unlock")).ShouldBeOkAsync();
        using var afterUnlock = await beforeLockout.Get("/api/node");
        await afterUnlock.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        using var renewed = console.WithToken(await console.IssueTokenAsync(userName, ConsoleFactory.UserPassword));
        await (await renewed.Get("/api/node")).ShouldBeOkAsync();
        await (await admin.Post($"/api/accounts/{userName}/unlock")).ShouldBeOkAsync();
        using var afterSecondUnlock = await renewed.Get("/api/node");
        await afterSecondUnlock.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_dies_when_the_account_is_deleted()
    {
        var userName = await console.CreateAccountAsync("Support", "deleted");
        using var client = console.WithToken(await console.IssueTokenAsync(userName, ConsoleFactory.UserPassword));
        await (await client.Get("/api/node")).ShouldBeOkAsync();

        using var admin = await console.AdminAsync();
        await (await admin.Delete($"/api/accounts/{userName}")).ShouldBeAsync(HttpStatusCode.NoContent);

        using var after = await client.Get("/api/node");
        await after.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
