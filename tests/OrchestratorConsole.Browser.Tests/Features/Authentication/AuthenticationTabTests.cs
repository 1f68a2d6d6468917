using Microsoft.Playwright;
using OrchestratorConsole.Browser.Tests.Infrastructure;
using OrchestratorConsole.Browser.Tests.Pages;
using OrchestratorConsole.Testing;
using static Microsoft.Playwright.Assertions;

namespace OrchestratorConsole.Browser.Tests.Features.Authentication;

/// <summary>An administrator sets up directory sign-in on the Authentication tab, saves it, and tests the connection and a login against the tests' OpenLDAP.</summary>
public sealed class AuthenticationTabTests(ConsoleFixture fixture) : BrowserTest<ConsoleFixture>(fixture), IClassFixture<ConsoleFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_administrator_sets_up_the_directory_saves_it_and_tests_a_login_which_shows_the_role_it_would_give()
    {
        using (var admin = await NodeApi.SignInAsync(Node, Ct))
        using (var trust = await admin.SendAsync(HttpMethod.Post, "/api/trust", new { pem = TestDirectory.Shared.CaPem() }, Ct))
        {
            Assert.True(trust.IsSuccessStatusCode, $"{(int)trust.StatusCode}");
        }

        await LogInAsAdministratorAsync();
        var tab = await new AuthenticationTab(Page).GotoAsync();

        await tab.Enabled.CheckAsync();
        await tab.AddServer.ClickAsync();
        await AuthenticationTab.TypeAsync(tab.ServerUrl(0), DirectorySignInSettings.Url(TestDirectory.Shared.LdapsUrl));
        await AuthenticationTab.TypeAsync(tab.BindDn, TestDirectory.Service.Dn);
        await AuthenticationTab.TypeAsync(tab.BindPassword, TestDirectory.Service.Password);
        await AuthenticationTab.TypeAsync(tab.UserSearchBase, TestDirectory.PeopleDn);
        await AuthenticationTab.TypeAsync(tab.GroupSearchBase, TestDirectory.GroupsDn);
        await tab.AddMapping.ClickAsync();
        await AuthenticationTab.TypeAsync(tab.Group(0), "console-reviewers");
        await Expect(tab.Unsaved).ToBeVisibleAsync();
        await tab.SaveButton.ClickAsync();

        await Expect(tab.SavedVersion).ToContainTextAsync($"saved by {ConsoleFixture.AdminName}");
        await Expect(tab.Unsaved).ToHaveCountAsync(0);
        await Expect(tab.BindPassword).ToHaveValueAsync(string.Empty);

        await tab.TestConnection.ClickAsync();
        await Expect(tab.Result).ToHaveAttributeAsync("data-ok", "true");
        await Expect(tab.ResultServer).ToContainTextAsync(DirectorySignInSettings.Url(TestDirectory.Shared.LdapsUrl));

        await tab.TestUser.FillAsync(TestDirectory.Bob.Uid);
        await tab.TestPassword.FillAsync(TestDirectory.Bob.Password);
        await tab.TestLogin.ClickAsync();
        await Expect(tab.ResultRole).ToContainTextAsync("Reviewer");
        await Expect(tab.ResultGroups).ToContainTextAsync(TestDirectory.ReviewersGroupDn);
        await Expect(tab.TestPassword).ToHaveValueAsync(string.Empty);
        await Screenshots.SaveAsync(Page, "authentication-tab");
    }
}
