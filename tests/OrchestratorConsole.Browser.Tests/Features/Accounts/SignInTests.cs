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
        var ct = TestContext.Current.CancellationToken;
        using (var admin = await NodeApi.SignInAsync(Node, ct))
        {
            using var created = await admin.SendAsync(HttpMethod.Post, "/api/accounts", new { userName = "newcomer", password = "Given#ByAdmin1", role = "Reviewer" }, ct);
            Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        }

        var login = await new LoginPage(Page).GotoAsync();
        await login.LogInAsync("newcomer", "Given#ByAdmin1");

        await Expect(Page).ToHaveURLAsync(new Regex("/account/change-password\\?.*first=true"));
        await Expect(new ChangePasswordPage(Page).UserName).ToHaveValueAsync("newcomer");
        Assert.DoesNotContain(await Context.CookiesAsync(), c => c.Name == SessionCookie.Name);
    }
}
