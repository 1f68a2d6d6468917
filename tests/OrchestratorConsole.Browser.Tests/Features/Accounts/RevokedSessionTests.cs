using Microsoft.Playwright;
using OrchestratorConsole.Browser.Tests.Infrastructure;
using OrchestratorConsole.Browser.Tests.Pages;
using OrchestratorConsole.Testing;
using static Microsoft.Playwright.Assertions;

namespace OrchestratorConsole.Browser.Tests.Features.Accounts;

/// <summary>
/// A browser sign-in as an open session: listed with its address, gone at sign-out, and when an administrator revokes
/// it the next action does not run and the page goes to the login page saying why.
/// </summary>
public sealed class RevokedSessionTests(ConsoleFixture fixture) : BrowserTest<ConsoleFixture>(fixture), IClassFixture<ConsoleFixture>
{
    private const string Password = "Revoked#Admin1";

    [Fact]
    public async Task The_next_action_after_an_administrator_revokes_the_session_lands_on_the_login_page()
    {
        var ct = TestContext.Current.CancellationToken;
        const string userName = "admin-revoked";
        await Node.CreateAccountAsync(ConsoleFixture.AdminName, ConsoleFixture.AdminPassword, userName, Password, "Administrator", ct);
        await LogInAsync(userName, Password);
        var availability = await new ServerAvailabilityTab(Page).GotoAsync();
        using var admin = await NodeApi.SignInAsync(Node, ct);
        var before = (await admin.GetJsonAsync("/api/configuration/cluster", ct))["failoverHeartbeats"]!.GetValue<int>();
        await availability.SetFailoverAsync(heartbeatIntervalMs: 5000, failoverHeartbeats: before + 1);
        var sessions = (await admin.GetJsonAsync($"/api/sessions?userName={userName}", ct)).AsArray();
        var browser = Assert.Single(sessions, s => (string?)s!["kind"] == "browser");

        using (var revoked = await admin.SendAsync(HttpMethod.Delete, $"/api/sessions/{(string)browser!["id"]!}", cancellationToken: ct))
        {
            Assert.True(revoked.IsSuccessStatusCode, $"{(int)revoked.StatusCode} {await revoked.Content.ReadAsStringAsync(ct)}");
        }

        await availability.SaveButton.ClickAsync();

        await Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == LoginPage.Path);
        await Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("it was revoked");
        await Expect(new LoginPage(Page).LogInButton).ToBeVisibleAsync();
        Assert.DoesNotContain(await Context.CookiesAsync(), c => c.Name == SessionCookie.Name);
        Assert.Equal(before, (await admin.GetJsonAsync("/api/configuration/cluster", ct))["failoverHeartbeats"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_browser_sign_in_is_listed_with_its_address_and_signing_out_removes_it()
    {
        var ct = TestContext.Current.CancellationToken;
        const string userName = "support-listed";
        await Node.CreateAccountAsync(ConsoleFixture.AdminName, ConsoleFixture.AdminPassword, userName, Password, "Support", ct);
        await LogInAsync(userName, Password);
        using var admin = await NodeApi.SignInAsync(Node, ct);

        var open = Assert.Single((await admin.GetJsonAsync($"/api/sessions?userName={userName}", ct)).AsArray(), s => (string?)s!["kind"] == "browser");
        await new ConsoleShell(Page).LogOutAsync();

        Assert.Equal("127.0.0.1", (string?)open!["remoteAddress"]);
        Assert.NotNull(open["lastUsedAt"]);
        Assert.DoesNotContain((await admin.GetJsonAsync($"/api/sessions?userName={userName}", ct)).AsArray(), s => (string?)s!["kind"] == "browser");
    }
}
