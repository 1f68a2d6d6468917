using Microsoft.Playwright;
using OrchestratorConsole.Browser.Tests.Infrastructure;
using OrchestratorConsole.Browser.Tests.Pages;
using OrchestratorConsole.Testing;
using static Microsoft.Playwright.Assertions;

namespace OrchestratorConsole.Browser.Tests.Features.Authentication;

/// <summary>Directory users sign in through the login page in Chromium, each with the role their group maps to.</summary>
public sealed class DirectorySignInTests(ConsoleFixture fixture) : BrowserTest<ConsoleFixture>(fixture), IClassFixture<ConsoleFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("alice", "Administrator")]
    [InlineData("bob", "Reviewer")]
    [InlineData("carol", "Support")]
    public async Task A_directory_user_signs_in_with_the_role_of_their_group(string userName, string role)
    {
        var password = new[] { TestDirectory.Alice, TestDirectory.Bob, TestDirectory.Carol }.Single(u => u.Uid == userName).Password;
        await ConfigureAsync();

        await LogInAsync(userName, password);

        var shell = new ConsoleShell(Page);
        await Expect(shell.SignedInUser).ToHaveTextAsync(userName);
        await Expect(Page.GetByTestId("signed-in-role")).ToHaveTextAsync(role);
        // Accounts are for administrators only.
        await Expect(shell.NavLink("Accounts")).ToHaveCountAsync(role == "Administrator" ? 1 : 0);
    }

    [Fact]
    public async Task A_directory_user_in_no_mapped_group_is_told_why_and_gets_no_session()
    {
        await ConfigureAsync();
        var login = await new LoginPage(Page).GotoAsync();

        await login.LogInAsync("dave", TestDirectory.Dave.Password);

        await Expect(login.Error).ToContainTextAsync("none of your directory groups gives access to this console");
        Assert.DoesNotContain(await Context.CookiesAsync(), c => c.Name == SessionCookie.Name);
    }

    private async Task ConfigureAsync()
    {
        using var admin = await NodeApi.SignInAsync(Node, Ct);
        using (var trust = await admin.SendAsync(HttpMethod.Post, "/api/trust", new { pem = TestDirectory.Shared.CaPem() }, Ct))
        {
            Assert.True(trust.IsSuccessStatusCode || trust.StatusCode == System.Net.HttpStatusCode.Conflict, $"{(int)trust.StatusCode}");
        }

        var version = (int)(await admin.GetJsonAsync("/api/configuration/authentication", Ct))["version"]!;
        using var saved = await admin.SendAsync(HttpMethod.Put, "/api/configuration/authentication", TestDirectory.Shared.Body([DirectorySignInSettings.Url(TestDirectory.Shared.LdapUrl)], null, version), Ct);
        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync(Ct));
    }
}
