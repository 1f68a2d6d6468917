using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OrchestratorConsole.Browser.Tests.Infrastructure;
using OrchestratorConsole.Browser.Tests.Pages;
using OrchestratorConsole.Testing;
using static Microsoft.Playwright.Assertions;

namespace OrchestratorConsole.Browser.Tests.Features.Accounts;

public sealed class SignInTests(ConsoleFixture fixture) : BrowserTest<ConsoleFixture>(fixture), IClassFixture<ConsoleFixture>
{
    [Fact]
    public async Task A_wrong_password_shows_an_error_and_sets_no_session_cookie()
    {
        var login = await new LoginPage(Page).GotoAsync();

        await login.LogInAsync(ConsoleFixture.AdminName, "Not-the-password1");

        await Expect(login.Error).ToHaveTextAsync("Wrong user name or password.");
        await Expect(Page).ToHaveURLAsync(new Regex("/account/login"));
        Assert.DoesNotContain(await Context.CookiesAsync(), c => c.Name == SessionCookie.Name);
    }

    [Fact]
    public async Task A_good_login_sets_an_HttpOnly_SameSite_Strict_session_cookie()
    {
        var overview = await LogInAsAdministratorAsync();

        await Expect(overview.Heading).ToBeVisibleAsync();
        var cookie = Assert.Single(await Context.CookiesAsync(), c => c.Name == SessionCookie.Name);
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
    }

    [Fact]
    public async Task Logging_out_returns_to_the_login_page_and_the_console_asks_for_a_login_again()
    {
        var overview = await LogInAsAdministratorAsync();

        await overview.LogOutAsync();

        await Expect(new LoginPage(Page).Heading).ToBeVisibleAsync();
        Assert.DoesNotContain(await Context.CookiesAsync(), c => c.Name == SessionCookie.Name);
        await Page.GotoAsync(OverviewPage.Path);
        await Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == LoginPage.Path);
        await Expect(new LoginPage(Page).LogInButton).ToBeVisibleAsync();
        await Expect(overview.Heading).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task An_account_an_administrator_created_must_choose_its_own_password_at_first_login()
    {
        await LogInAsNewAccountAsync("newcomer", "Given#ByAdmin1");

        await Expect(Page).ToHaveURLAsync(new Regex("/account/change-password\\?.*first=true"));
        await Expect(new ChangePasswordPage(Page).UserName).ToHaveValueAsync("newcomer");
        Assert.DoesNotContain(await Context.CookiesAsync(), c => c.Name == SessionCookie.Name);
    }

    [Fact]
    public async Task The_login_page_is_drawn_in_the_console_theme_and_states_each_field_limit()
    {
        var login = await new LoginPage(Page).GotoAsync();

        await Expect(login.LogInButton).ToHaveClassAsync(new Regex("mud-button-filled-primary"));
        await Expect(Page.Locator(".mud-appbar")).ToContainTextAsync("Orchestrator Console");
        await Expect(login.UserName).ToHaveAccessibleDescriptionAsync("At most 64 characters.");
        await Expect(login.Password).ToHaveAccessibleDescriptionAsync("At most 128 characters.");
    }

    [Fact]
    public async Task A_signed_in_user_changes_their_own_password_inside_the_console_shell_and_only_their_own()
    {
        await LogInAsNewAccountAsync("shelluser", "Given#ByAdmin1");
        var change = new ChangePasswordPage(Page);
        await change.ChangeAsync("Given#ByAdmin1", "Own#Choice22");
        await Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == OverviewPage.Path);
        var shell = new ConsoleShell(Page);
        await shell.OpenAsync("Change password");

        await Expect(change.Heading).ToBeVisibleAsync();
        await Expect(shell.Navigation).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Back to log in" })).ToHaveCountAsync(0);
        await Expect(change.UserName).ToHaveValueAsync("shelluser");
        await Expect(change.UserName).ToHaveAttributeAsync("readonly", string.Empty);

        // A name typed over the read-only field does not reach another account: the signed-in user's own is changed.
        await change.UserName.EvaluateAsync("e => { e.removeAttribute('readonly'); e.value = 'vmware'; }");
        await change.ChangeAsync("Own#Choice22", "Next#Choice33");

        await Expect(Page.GetByText("Your password was changed.")).ToBeVisibleAsync();
        await Expect(shell.Navigation).ToBeVisibleAsync();
        var ct = TestContext.Current.CancellationToken;
        Assert.NotEmpty(await Node.GetTokenAsync("shelluser", "Next#Choice33", ct));
        Assert.NotEmpty(await Node.GetTokenAsync(ConsoleFixture.AdminName, ConsoleFixture.AdminPassword, ct));
    }

    /// <summary>A Reviewer account an administrator creates with <paramref name="givenPassword"/>, then its first login in the browser.</summary>
    private async Task LogInAsNewAccountAsync(string userName, string givenPassword)
    {
        var ct = TestContext.Current.CancellationToken;
        using (var admin = await NodeApi.SignInAsync(Node, ct))
        {
            using var created = await admin.SendAsync(HttpMethod.Post, "/api/accounts", new { userName, password = givenPassword, role = "Reviewer" }, ct);
            Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        }

        var login = await new LoginPage(Page).GotoAsync();
        await login.LogInAsync(userName, givenPassword);
    }
}
