using Bunit;
using Microsoft.Extensions.DependencyInjection;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.UI.Features.Accounts;

namespace OrchestratorConsole.UI.Tests.Features.Accounts;

public sealed class AccountsPageTests : ConsoleTestContext
{
    [Fact]
    public async Task An_administrator_creates_an_account_and_sees_it_listed()
    {
        SignInAs(Roles.Administrator);
        var page = RenderPage<AccountsPage>().Page;
        page.WaitForAssertion(() => Assert.Contains("vmware", page.Find("[data-testid=accounts]").TextContent));

        page.Field("User name").Change("operator1");
        page.Field("Password").Change("Oper#Pass1");
        await page.ClickAsync("Create account");

        page.WaitForAssertion(() => Assert.Contains(page.FindAll("[data-testid=account-user]"), c => c.TextContent.Trim() == "operator1"));
        var accounts = await Node.GetRequiredService<AccountService>().ListAsync(new Actor("vmware", new HashSet<string> { Roles.Administrator }), Cancellation);
        var created = Assert.Single(accounts, a => a.UserName == "operator1");
        Assert.Equal(Roles.Reviewer, created.Role);
    }

    [Fact]
    public async Task A_weak_password_is_refused_with_the_policy_message()
    {
        SignInAs(Roles.Administrator);
        var page = RenderPage<AccountsPage>().Page;
        page.WaitForElement("[data-testid=accounts]");

        page.Field("User name").Change("operator2");
        page.Field("Password").Change("short");
        await page.ClickAsync("Create account");

        page.WaitForAssertion(() => Assert.Contains("The account was not created", page.Find("[data-testid=create-error]").TextContent));
        Assert.DoesNotContain(page.FindAll("[data-testid=account-user]"), c => c.TextContent.Trim() == "operator2");
    }

    [Fact]
    public async Task Deleting_an_account_asks_first_then_removes_it()
    {
        var admin = new Actor("vmware", new HashSet<string> { Roles.Administrator });
        await Node.GetRequiredService<AccountService>().CreateAsync(admin, new AccountCreateRequest("leaver", "Leaver#Pass1", Roles.Support), Cancellation);
        SignInAs(Roles.Administrator);
        var rendered = RenderPage<AccountsPage>();
        var page = rendered.Page;
        page.WaitForAssertion(() => Assert.Contains(page.FindAll("[data-testid=account-user]"), c => c.TextContent.Trim() == "leaver"));

        await page.StartClickAsync("button[aria-label='Delete leaver']");
        rendered.Dialogs.WaitForAssertion(() => Assert.Contains("Delete the account 'leaver'?", rendered.Dialogs.Markup));
        await rendered.Dialogs.AnswerAsync("Delete");

        page.WaitForAssertion(() => Assert.DoesNotContain(page.FindAll("[data-testid=account-user]"), c => c.TextContent.Trim() == "leaver"));
    }
}
