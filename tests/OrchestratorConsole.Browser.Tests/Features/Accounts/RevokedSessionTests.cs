using System.Text.Json.Nodes;
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
        var (admin, browser) = await SignInAsync("admin-revoked", "Administrator", ct);
        using var _ = admin;
        var availability = await new ServerAvailabilityTab(Page).GotoAsync();
        var before = (await admin.GetJsonAsync("/api/configuration/cluster", ct))["failoverHeartbeats"]!.GetValue<int>();
        await availability.SetFailoverAsync(heartbeatIntervalMs: 5000, failoverHeartbeats: before + 1);

        using (var revoked = await admin.SendAsync(HttpMethod.Delete, $"/api/sessions/{(string)browser["id"]!}", cancellationToken: ct))
        {
            Assert.True(revoked.IsSuccessStatusCode, $"{(int)revoked.StatusCode} {await revoked.Content.ReadAsStringAsync(ct)}");
        }

        try
        {
            await availability.SaveButton.ClickAsync(new() { Timeout = 5_000 });
        }
        catch (TimeoutException)
        {
            // An input event of the form still on its way reached the console first, and the page had already left
            // for the login page when the click came: the same refusal, one action earlier.
        }

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
        var (admin, open) = await SignInAsync("support-listed", "Support", ct);
        using var _ = admin;

        await new ConsoleShell(Page).LogOutAsync();

        Assert.Equal("127.0.0.1", (string?)open["remoteAddress"]);
        Assert.NotNull(open["lastUsedAt"]);
        Assert.Empty(await BrowserSessionsAsync(admin, "support-listed", ct));
    }

    /// <summary>Creates the account, signs it in on the login page; returns an administrator's API and the account's one browser session.</summary>
    private async Task<(NodeApi Admin, JsonNode Session)> SignInAsync(string userName, string role, CancellationToken ct)
    {
        await Node.CreateAccountAsync(ConsoleFixture.AdminName, ConsoleFixture.AdminPassword, userName, Password, role, ct);
        await LogInAsync(userName, Password);
        var admin = await NodeApi.SignInAsync(Node, ct);
        return (admin, Assert.Single(await BrowserSessionsAsync(admin, userName, ct)));
    }

    private static async Task<JsonNode[]> BrowserSessionsAsync(NodeApi admin, string userName, CancellationToken ct) =>
        [.. (await admin.GetJsonAsync($"/api/sessions?userName={userName}", ct)).AsArray().OfType<JsonNode>().Where(s => (string?)s["kind"] == "browser")];
}
