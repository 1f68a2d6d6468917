using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using OrchestratorConsole.Browser.Tests.Infrastructure;
using OrchestratorConsole.Browser.Tests.Pages;
using OrchestratorConsole.Testing;
using static Microsoft.Playwright.Assertions;

namespace OrchestratorConsole.Browser.Tests.Features.Accounts;

/// <summary>
/// An administrator's open console, when another administrator demotes, deletes or locks the account: the next
/// action does not run, and the page goes to the login page saying why.
/// </summary>
public sealed class OpenSessionTests(ConsoleFixture fixture) : BrowserTest<ConsoleFixture>(fixture), IClassFixture<ConsoleFixture>
{
    private const string Password = "Second#Admin1";

    public static TheoryData<string, string> Changes => new()
    {
        { "demoted", "your role changed" },
        { "deleted", "your account was deleted" },
        { "locked", "your account is locked out" },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task The_next_action_after_the_account_changes_is_refused_and_the_page_says_why(string change, string reason)
    {
        var ct = TestContext.Current.CancellationToken;
        var userName = $"admin-{change}";
        await Node.CreateAccountAsync(ConsoleFixture.AdminName, ConsoleFixture.AdminPassword, userName, Password, "Administrator", ct);
        await LogInAsync(userName, Password);
        var availability = await new ServerAvailabilityTab(Page).GotoAsync();
        var before = await FailoverHeartbeatsAsync(ct);
        await availability.SetFailoverAsync(heartbeatIntervalMs: 5000, failoverHeartbeats: before + 1);

        await ChangeAccountAsync(change, userName, ct);
        await availability.SaveButton.ClickAsync();

        await Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == LoginPage.Path);
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync(reason);
        await Expect(new LoginPage(Page).LogInButton).ToBeVisibleAsync();
        Assert.DoesNotContain(await Context.CookiesAsync(), c => c.Name == SessionCookie.Name);
        Assert.Equal(before, await FailoverHeartbeatsAsync(ct));
    }

    [Fact]
    public async Task An_action_while_the_account_is_unchanged_runs_even_after_another_account_changed()
    {
        var ct = TestContext.Current.CancellationToken;
        await Node.CreateAccountAsync(ConsoleFixture.AdminName, ConsoleFixture.AdminPassword, "admin-kept", Password, "Administrator", ct);
        await Node.CreateAccountAsync(ConsoleFixture.AdminName, ConsoleFixture.AdminPassword, "reviewer-changed", Password, "Reviewer", ct);
        await LogInAsync("admin-kept", Password);
        var availability = await new ServerAvailabilityTab(Page).GotoAsync();
        var before = await FailoverHeartbeatsAsync(ct);
        await availability.SetFailoverAsync(heartbeatIntervalMs: 5000, failoverHeartbeats: before + 1);

        await ChangeAccountAsync("demoted", "reviewer-changed", ct, role: "Support");
        await availability.SaveButton.ClickAsync();

        await Expect(availability.Saved.First).ToBeVisibleAsync();
        Assert.Equal(before + 1, await FailoverHeartbeatsAsync(ct));
    }

    private async Task ChangeAccountAsync(string change, string userName, CancellationToken ct, string role = "Reviewer")
    {
        using var admin = await NodeApi.SignInAsync(Node, ct);
        if (change == "locked")
        {
            using var client = Node.CreateClient();
            HttpStatusCode status;
            var attempts = 0;
            do
            {
                using var response = await client.PostAsJsonAsync("/api/auth/token", new { userName, password = "Wrong#Password1" }, ct);
                status = response.StatusCode;
            }
            while (status != HttpStatusCode.Locked && ++attempts < 10);

            Assert.Equal(HttpStatusCode.Locked, status);
            return;
        }

        using var answer = change == "deleted"
            ? await admin.SendAsync(HttpMethod.Delete, $"/api/accounts/{userName}", cancellationToken: ct)
            : await admin.SendAsync(HttpMethod.Put, $"/api/accounts/{userName}", new { role }, ct);
        Assert.True(answer.IsSuccessStatusCode, $"{change}: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync(ct)}");
    }

    private async Task<int> FailoverHeartbeatsAsync(CancellationToken ct)
    {
        using var admin = await NodeApi.SignInAsync(Node, ct);
        return (await admin.GetJsonAsync("/api/configuration/cluster", ct))["failoverHeartbeats"]!.GetValue<int>();
    }
}
