using System.Text.RegularExpressions;
using OrchestratorConsole.Browser.Tests.Infrastructure;
using OrchestratorConsole.Browser.Tests.Pages;
using static Microsoft.Playwright.Assertions;

namespace OrchestratorConsole.Browser.Tests.Features.Accounts;

/// <summary>A node started without an initial administrator password: vmware/vmware must be changed first.</summary>
public sealed class FirstLoginTests(FirstStartFixture fixture) : BrowserTest<FirstStartFixture>(fixture), IClassFixture<FirstStartFixture>
{
    [Fact]
    public async Task The_first_login_as_vmware_forces_a_password_change_that_enforces_the_policy_and_then_opens_an_all_green_overview()
    {
        var login = await new LoginPage(Page).GotoAsync();
        await login.LogInAsync("vmware", "vmware");

        var change = new ChangePasswordPage(Page);
        await Expect(Page).ToHaveURLAsync(new Regex("/account/change-password\\?.*first=true"));
        await Expect(change.Heading).ToBeVisibleAsync();
        await Expect(change.UserName).ToHaveValueAsync("vmware");
        Assert.DoesNotContain(await Context.CookiesAsync(), c => c.Name == SessionCookie.Name);

        await change.ChangeAsync("vmware", "vmware1");
        await Expect(change.Error).ToContainTextAsync("at least 8 characters");
        Assert.DoesNotContain(await Context.CookiesAsync(), c => c.Name == SessionCookie.Name);

        await change.ChangeAsync("vmware", "Changed#Pass1");

        var overview = new OverviewPage(Page);
        await Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == OverviewPage.Path);
        await overview.WaitForInteractiveAsync();
        await Expect(overview.Heading).ToBeVisibleAsync();
        await Expect(overview.Section("general")).ToBeVisibleAsync();
        await Expect(overview.Section("database")).ToHaveAttributeAsync("data-valid", "true");
        var sections = await overview.Sections.AllAsync();
        Assert.NotEmpty(sections);
        foreach (var section in sections)
        {
            await Expect(section).ToHaveAttributeAsync("data-valid", "true");
        }

        await Expect(overview.ServerState).ToHaveTextAsync("Server: Stopped");
        await Expect(overview.SignedInUser).ToHaveTextAsync("vmware");
    }
}
