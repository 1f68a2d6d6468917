using Bunit;
using Microsoft.Extensions.DependencyInjection;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Core.Features.Authentication;
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

    [Fact]
    public async Task A_directory_account_shows_its_role_from_its_groups_with_no_way_to_set_it()
    {
        using (var scope = Node.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<ConsoleUser>>();
            var user = new ConsoleUser { UserName = "dirsupport" };
            Assert.True((await users.CreateAsync(user)).Succeeded);
            Assert.True((await users.AddLoginAsync(user, new Microsoft.AspNetCore.Identity.UserLoginInfo(DirectoryAccounts.LoginProvider, "uid=dirsupport,ou=people,dc=example,dc=com", "Directory"))).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, Roles.Support)).Succeeded);
        }

        SignInAs(Roles.Administrator);
        var page = RenderPage<AccountsPage>().Page;

        page.WaitForAssertion(() => Assert.Equal("from directory groups", page.Find("[data-testid=directory-dirsupport]").TextContent.Trim()));
        Assert.Equal(Roles.Support, page.Find("[data-testid=role-dirsupport]").TextContent.Trim());
        Assert.Empty(page.FindAll("[aria-label='Role of dirsupport']"));
        Assert.NotEmpty(page.FindAll("[aria-label='Role of vmware']"));
    }
}
