using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Bunit;
using OrchestratorConsole.Core.Common;
using Microsoft.Extensions.DependencyInjection;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Core.Features.Authentication;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Options;
using OrchestratorConsole.UI.Features.Authentication;

namespace OrchestratorConsole.UI.Tests.Features.Authentication;

public sealed class AuthenticationPageTests : ConsoleTestContext
{
    private const string BindPassword = "Bind-S3cret-Value!";
    private static readonly Actor OtherAdministrator = new("other-admin", new HashSet<string> { Roles.Administrator });

    /// <summary>A server that does not answer is given up on after a second, not the default four.</summary>
    protected override void ConfigureNode(IServiceCollection services) =>
        services.Configure<AuthenticationOptions>(options => options.DirectoryTimeout = TimeSpan.FromSeconds(1));

    [Fact]
    public async Task The_saved_values_are_shown_and_the_bind_password_never_is()
    {
        await SaveElsewhereAsync();
        SignInAs(Roles.Administrator);

        var page = RenderPage<AuthenticationPage>().Page;

        page.WaitForElement("[data-testid=saved-version]");
        Assert.Equal("true", page.Find("[data-testid=authentication-enabled]").GetAttribute("aria-checked"));
        Assert.Equal("ldaps://ldap1.example.com", page.Field("Server URL 1").GetAttribute("value"));
        Assert.Equal("ldap://ldap2.example.com:389", page.Field("Server URL 2").GetAttribute("value"));
        Assert.Equal("cn=orchestrator,ou=services,dc=example,dc=com", page.Find("[data-testid=authentication-bind-dn]").GetAttribute("value"));
        Assert.Equal("ou=people,dc=example,dc=com", page.Field("User search base").GetAttribute("value"));
        Assert.Equal("(sAMAccountName={0})", page.Field("User filter").GetAttribute("value"));
        Assert.Equal("ou=groups,dc=example,dc=com", page.Field("Group search base").GetAttribute("value"));
        Assert.Equal("support", page.Find("[data-testid=authentication-group-1]").GetAttribute("value"));
        Assert.Contains("Administrator", page.Find("[data-testid=authentication-role-0]").TextContent);
        Assert.Contains("Support", page.Find("[data-testid=authentication-role-1]").TextContent);
        var password = page.Find("[data-testid=authentication-bind-password]");
        Assert.Equal("password", password.GetAttribute("type"));
        Assert.True(string.IsNullOrEmpty(password.GetAttribute("value")));
        Assert.Contains("A password is stored — leave blank to keep it.", page.Markup);
        Assert.DoesNotContain(BindPassword, page.Markup);
        Assert.Empty(page.FindAll("[data-testid=authentication-unsaved]"));
    }

    [Fact]
    public async Task Saving_sends_the_edited_lists_in_their_order_and_keeps_the_stored_password()
    {
        await SaveElsewhereAsync();
        SignInAs(Roles.Administrator);
        var rendered = RenderPage<AuthenticationPage>();
        var page = rendered.Page;
        page.WaitForElement("[data-testid=saved-version]");

        await page.InvokeAsync(() => page.Find("[data-testid=authentication-add-server]").Click());
        page.Field("Server URL 3").Change("ldaps://ldap3.example.com:1636");
        await page.InvokeAsync(() => page.Find("[data-testid=authentication-server-up-2]").Click());
        await page.InvokeAsync(() => page.Find("[data-testid=authentication-remove-server-0]").Click());
        await page.InvokeAsync(() => page.Find("[data-testid=authentication-remove-mapping-0]").Click());
        await page.InvokeAsync(() => page.Find("[data-testid=authentication-add-mapping]").Click());
        page.Field("Group 2").Change("orchestrator-reviewers");
        rendered.Choose("authentication-role-1", "Administrator");
        await page.InvokeAsync(() => page.Find("[data-testid=authentication-user-filter-default]").Click());
        page.WaitForAssertion(() => Assert.Contains("Tests use the saved settings: save first.", page.Find("[data-testid=authentication-unsaved]").TextContent));
        page.Field("Comment").Change("third server");

        await page.InvokeAsync(() => page.Find("[data-testid=authentication-save]").Click());

        page.WaitForAssertion(() => Assert.Contains("Version 3, saved by vmware", page.Find("[data-testid=saved-version]").TextContent));
        var saved = (await Node.GetRequiredService<ConfigurationService>().GetAsync<AuthenticationSettings>(Cancellation)).Settings;
        Assert.Equal(["ldaps://ldap3.example.com:1636", "ldap://ldap2.example.com:389"], saved.ServerUrls);
        Assert.Equal([("support", Roles.Support), ("orchestrator-reviewers", Roles.Administrator)], saved.GroupRoles.Select(g => (g.Group, g.Role)));
        Assert.Equal(AuthenticationSettings.DefaultUserFilter, saved.UserFilter);
        Assert.Equal(BindPassword, saved.BindPassword);
        Assert.Empty(page.FindAll("[data-testid=authentication-unsaved]"));
        Assert.DoesNotContain(BindPassword, page.Markup);
    }

    [Fact]
    public async Task A_server_url_that_is_not_an_LDAP_address_is_refused_with_the_section_message_under_the_list()
    {
        SignInAs(Roles.Administrator);
        var page = RenderPage<AuthenticationPage>().Page;
        page.WaitForElement("[data-testid=saved-version]");

        await page.InvokeAsync(() => page.Find("[data-testid=authentication-add-server]").Click());
        page.Field("Server URL 1").Change("https://ldap.example.com");
        await page.InvokeAsync(() => page.Find("[data-testid=authentication-save]").Click());

        page.WaitForAssertion(() => Assert.Contains(
            "Server URL 1 ('https://ldap.example.com') is not an ldap://host[:port] or ldaps://host[:port] address.",
            page.Find("[data-testid=authentication-server-urls-error]").TextContent));
        Assert.Equal("true", page.Find("[data-testid=authentication-server-url-0]").GetAttribute("aria-invalid"));
        Assert.Contains("Version 1,", page.Find("[data-testid=saved-version]").TextContent);
        Assert.Empty((await Node.GetRequiredService<ConfigurationService>().GetAsync<AuthenticationSettings>(Cancellation)).Settings.ServerUrls);
    }

    [Fact]
    public async Task A_user_filter_without_the_placeholder_shows_the_rule_under_the_field_and_is_not_saved()
    {
        SignInAs(Roles.Administrator);
        var page = RenderPage<AuthenticationPage>().Page;
        page.WaitForElement("[data-testid=saved-version]");

        page.Field("User filter").Change("(uid=alice)");
        await page.InvokeAsync(() => page.Find("[data-testid=authentication-save]").Click());

        page.WaitForAssertion(() => Assert.Contains("The user filter must contain {0} where the user name goes", page.Markup));
        Assert.Contains("Version 1,", page.Find("[data-testid=saved-version]").TextContent);
    }

    [Fact]
    public async Task A_reviewer_sees_the_settings_read_only_and_no_tests()
    {
        await SaveElsewhereAsync();
        SignInAs(Roles.Reviewer, "reviewer");

        var page = RenderPage<AuthenticationPage>().Page;

        page.WaitForElement("[data-testid=saved-version]");
        foreach (var label in new[] { "Server URL 1", "Bind DN", "Bind password", "User search base", "User filter", "Group search base", "Group 1" })
        {
            Assert.True(page.Field(label).HasAttribute("disabled"), $"The field '{label}' is editable.");
        }

        Assert.True(page.Find("[data-testid=authentication-enabled]").HasAttribute("disabled"));
        Assert.Contains("A password is stored.", page.Markup);
        Assert.DoesNotContain(BindPassword, page.Markup);
        Assert.False(page.HasButton("Save"));
        Assert.False(page.HasButton("Add server"));
        Assert.False(page.HasButton("Add mapping"));
        Assert.False(page.HasButton("Test connection"));
        Assert.Empty(page.FindAll("[data-testid=authentication-test-login]"));
        Assert.Contains("only an Administrator can change them", page.Markup);
    }

    [Fact]
    public async Task Test_login_against_an_unreachable_server_shows_the_failure_and_no_access_and_forgets_the_password()
    {
        await SaveUnreachableAsync();
        SignInAs(Roles.Administrator);
        var page = RenderPage<AuthenticationPage>().Page;
        page.WaitForElement("[data-testid=saved-version]");

        page.Field("User name").Change("alice");
        page.Field("Password").Change("Alice-Pass1!");
        await page.InvokeAsync(() => page.Find("[data-testid=authentication-test-login]").Click());

        var result = page.WaitForElement("[data-testid=authentication-result]");
        Assert.Equal("false", result.GetAttribute("data-ok"));
        Assert.Contains("The login test of alice failed.", page.Find("[data-testid=authentication-result-outcome]").TextContent);
        Assert.Contains("ldaps://127.0.0.1:1", page.Find("[data-testid=authentication-result-message]").TextContent);
        Assert.Equal("No access", page.Find("[data-testid=authentication-result-role]").TextContent.Trim());
        Assert.Equal("None", page.Find("[data-testid=authentication-result-groups]").TextContent.Trim());
        Assert.True(string.IsNullOrEmpty(page.Find("[data-testid=authentication-test-password]").GetAttribute("value")));
        Assert.DoesNotContain("Alice-Pass1!", page.Markup);
        Assert.DoesNotContain("   at ", page.Markup);
    }

    [Fact]
    public async Task Test_connection_against_an_unreachable_server_names_the_server_and_why()
    {
        await SaveUnreachableAsync();
        SignInAs(Roles.Administrator);
        var page = RenderPage<AuthenticationPage>().Page;
        page.WaitForElement("[data-testid=saved-version]");

        await page.InvokeAsync(() => page.Find("[data-testid=authentication-test-connection]").Click());

        var result = page.WaitForElement("[data-testid=authentication-result]");
        Assert.Equal("false", result.GetAttribute("data-ok"));
        Assert.Contains("The connection test failed.", result.TextContent);
        Assert.Contains("refused", page.Find("[data-testid=authentication-result-message]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=authentication-result-role]"));
    }

    [Fact]
    public async Task A_test_shows_its_progress_and_blocks_the_buttons_until_the_server_times_out()
    {
        // A port that accepts and never answers: the test waits out the directory timeout.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var held = new ConcurrentQueue<TcpClient>();
        var accepting = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    held.Enqueue(await silent.AcceptTcpClientAsync(Cancellation));
                }
            }
            catch (Exception ex) when (ex is ObjectDisposedException or SocketException or OperationCanceledException)
            {
                // The listener stopped at the end of the test.
            }
        }, Cancellation);
        try
        {
            await SaveAsync(new AuthenticationSettings { ServerUrls = [$"ldaps://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}"], UserSearchBase = "dc=example,dc=com" });
            SignInAs(Roles.Administrator);
            var page = RenderPage<AuthenticationPage>().Page;
            page.WaitForElement("[data-testid=saved-version]");

            await page.StartClickAsync("[data-testid=authentication-test-connection]");

            page.WaitForAssertion(() => Assert.Contains("Testing the connection…", page.Find("[data-testid=authentication-test-running]").TextContent));
            Assert.True(page.Find("[data-testid=authentication-test-connection]").HasAttribute("disabled"));
            Assert.True(page.Find("[data-testid=authentication-test-login]").HasAttribute("disabled"));
            var result = page.WaitForElement("[data-testid=authentication-result]");
            Assert.Equal("false", result.GetAttribute("data-ok"));
            Assert.Contains("did not answer within 1 s", page.Find("[data-testid=authentication-result-message]").TextContent);
            Assert.Empty(page.FindAll("[data-testid=authentication-test-running]"));
            Assert.False(page.Find("[data-testid=authentication-test-connection]").HasAttribute("disabled"));
        }
        finally
        {
            silent.Stop();
            await accepting;
            foreach (var client in held)
            {
                client.Dispose();
            }
        }
    }

    [Fact]
    public void Test_login_without_a_user_name_asks_for_one_and_tests_nothing()
    {
        SignInAs(Roles.Administrator);
        var page = RenderPage<AuthenticationPage>().Page;
        page.WaitForElement("[data-testid=saved-version]");

        page.Find("[data-testid=authentication-test-login]").Click();

        page.WaitForAssertion(() => Assert.Contains("Give the user name to test.", page.Markup));
        Assert.Empty(page.FindAll("[data-testid=authentication-result]"));
    }

    [Fact]
    public async Task A_save_on_a_stale_version_shows_the_conflict_and_keeps_the_input()
    {
        SignInAs(Roles.Administrator);
        var page = RenderPage<AuthenticationPage>().Page;
        page.WaitForElement("[data-testid=saved-version]");
        page.Field("User search base").Change("ou=staff,dc=example,dc=com");
        await SaveElsewhereAsync();

        await page.InvokeAsync(() => page.Find("[data-testid=authentication-save]").Click());

        page.WaitForAssertion(() => Assert.Contains("changed by other-admin", page.Find("[data-testid=conflict]").TextContent));
        Assert.Equal("ou=staff,dc=example,dc=com", page.Field("User search base").GetAttribute("value"));

        await page.ClickAsync("Load the saved values");

        page.WaitForAssertion(() => Assert.Equal("ou=people,dc=example,dc=com", page.Field("User search base").GetAttribute("value")));
        Assert.Contains("Version 2, saved by other-admin", page.Find("[data-testid=saved-version]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=conflict]"));
    }

    private Task SaveUnreachableAsync() => SaveAsync(new AuthenticationSettings
    {
        ServerUrls = ["ldaps://127.0.0.1:1"],
        BindDn = "cn=orchestrator,dc=example,dc=com",
        BindPassword = BindPassword,
        UserSearchBase = "dc=example,dc=com",
    });

    private Task SaveElsewhereAsync() => SaveAsync(new AuthenticationSettings
    {
        LdapEnabled = true,
        ServerUrls = ["ldaps://ldap1.example.com", "ldap://ldap2.example.com:389"],
        BindDn = "cn=orchestrator,ou=services,dc=example,dc=com",
        BindPassword = BindPassword,
        UserSearchBase = "ou=people,dc=example,dc=com",
        UserFilter = AuthenticationSettings.ActiveDirectoryUserFilter,
        GroupSearchBase = "ou=groups,dc=example,dc=com",
        GroupRoles = [new GroupRole { Group = "cn=orchestrator-admins,ou=groups,dc=example,dc=com", Role = Roles.Administrator }, new GroupRole { Group = "support", Role = Roles.Support }],
    });

    private async Task SaveAsync(AuthenticationSettings settings)
    {
        var configuration = Node.GetRequiredService<ConfigurationService>();
        var current = await configuration.GetAsync<AuthenticationSettings>(Cancellation);
        await configuration.SaveAsync(OtherAdministrator, settings, current.Version, "set up elsewhere", Cancellation);
    }
}
