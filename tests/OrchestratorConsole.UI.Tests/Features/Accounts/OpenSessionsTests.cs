using Bunit;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.UI.Features.Accounts;

namespace OrchestratorConsole.UI.Tests.Features.Accounts;

/// <summary>The open sessions on the Accounts page (every user's) and on My sessions (one's own).</summary>
public sealed class OpenSessionsTests : ConsoleTestContext
{
    private const string FirstPassword = "First#Pass1";
    private const string Password = "Chosen#Pass1";

    [Fact]
    public async Task An_administrator_revokes_a_users_token_after_confirming_and_the_token_stops_working()
    {
        await CreateUserAsync("holder", Roles.Support);
        var token = await Node.GetRequiredService<ApiTokenService>().IssueTokenAsync("holder", Password, "10.1.2.3", Cancellation);
        SignInAs(Roles.Administrator);
        var rendered = RenderPage<AccountsPage>();
        var page = rendered.Page;
        page.WaitForAssertion(() => Assert.Contains(page.FindAll("[data-testid=session-user]"), c => c.TextContent.Trim() == "holder"));
        Assert.Contains("10.1.2.3", page.Find("[data-testid=sessions]").TextContent);
        Assert.Contains("API token", page.Find("[data-testid=sessions]").TextContent);

        await page.StartClickAsync("button[aria-label^='Revoke API token of holder']");
        rendered.Dialogs.WaitForAssertion(() => Assert.Contains("Revoke the API token of holder", rendered.Dialogs.Markup));
        await rendered.Dialogs.AnswerAsync("Revoke");

        page.WaitForAssertion(() => Assert.DoesNotContain(page.FindAll("[data-testid=session-user]"), c => c.TextContent.Trim() == "holder"));
        Assert.Null(await Node.GetRequiredService<ApiTokenService>().ValidateTokenAsync(token.Token, Cancellation));
    }

    [Fact]
    public async Task Revoking_all_of_a_users_sessions_from_the_accounts_table_asks_first()
    {
        var userId = await CreateUserAsync("leaving", Roles.Reviewer);
        await OpenBrowserSessionAsync(userId);
        var token = await Node.GetRequiredService<ApiTokenService>().IssueTokenAsync("leaving", Password, "10.1.2.4", Cancellation);
        SignInAs(Roles.Administrator);
        var rendered = RenderPage<AccountsPage>();
        var page = rendered.Page;
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=session-user]").Count(c => c.TextContent.Trim() == "leaving")));

        await page.StartClickAsync("button[aria-label='Revoke sessions of leaving']");
        rendered.Dialogs.WaitForAssertion(() => Assert.Contains("Revoke every open session and API token of 'leaving'?", rendered.Dialogs.Markup));
        await rendered.Dialogs.AnswerAsync("Revoke all");

        page.WaitForAssertion(() => Assert.DoesNotContain(page.FindAll("[data-testid=session-user]"), c => c.TextContent.Trim() == "leaving"));
        Assert.Null(await Node.GetRequiredService<ApiTokenService>().ValidateTokenAsync(token.Token, Cancellation));
    }

    [Fact]
    public async Task A_reviewer_sees_only_their_own_sessions_with_this_one_marked()
    {
        var userId = await CreateUserAsync("watcher", Roles.Reviewer);
        var current = await OpenBrowserSessionAsync(userId);
        await Node.GetRequiredService<ApiTokenService>().IssueTokenAsync("watcher", Password, "10.9.8.7", Cancellation);
        await CreateUserAsync("someone", Roles.Support);
        await Node.GetRequiredService<ApiTokenService>().IssueTokenAsync("someone", Password, "10.5.5.5", Cancellation);
        SignInAs(Roles.Reviewer, "watcher", current);

        var page = RenderPage<MySessionsPage>().Page;

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=session-kind]").Count));
        var table = page.Find("[data-testid=sessions]").TextContent;
        Assert.Contains("10.9.8.7", table);
        Assert.Contains("192.0.2.10", table);
        Assert.DoesNotContain("10.5.5.5", table);
        var marked = Assert.Single(page.FindAll("[data-testid=session-current]"));
        Assert.Contains("Browser", marked.ParentElement!.ParentElement!.TextContent);
    }

    private async Task<string> CreateUserAsync(string userName, string role)
    {
        await Node.GetRequiredService<AccountService>().CreateAsync(new("vmware", new HashSet<string> { Roles.Administrator }), new AccountCreateRequest(userName, FirstPassword, role), Cancellation);
        await Node.GetRequiredService<SignInService>().ChangePasswordAsync(new PasswordChangeRequest(userName, FirstPassword, Password), null, Cancellation);
        using var scope = Node.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<ConsoleUser>>().FindByNameAsync(userName))!.Id;
    }

    private async Task<string> OpenBrowserSessionAsync(string userId)
    {
        using var scope = Node.CreateScope();
        var user = (await scope.ServiceProvider.GetRequiredService<UserManager<ConsoleUser>>().FindByIdAsync(userId))!;
        return await Node.GetRequiredService<SessionService>().OpenBrowserSessionAsync(user.Id, user.SecurityStamp!, "192.0.2.10", Cancellation);
    }
}
