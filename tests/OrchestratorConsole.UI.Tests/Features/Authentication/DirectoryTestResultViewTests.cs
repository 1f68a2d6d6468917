using Bunit;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Core.Features.Authentication;
using OrchestratorConsole.UI.Features.Authentication.Components;

namespace OrchestratorConsole.UI.Tests.Features.Authentication;

public sealed class DirectoryTestResultViewTests : ConsoleTestContext
{
    private const string Dn = "uid=alice,ou=people,dc=example,dc=com";

    [Fact]
    public void A_passed_login_shows_the_entry_each_group_and_the_role()
    {
        var result = new DirectoryTestResult(true, $"{Dn} would sign in as Administrator.", "ldaps://ldap1.example.com", Dn,
            ["cn=orchestrator-admins,ou=groups,dc=example,dc=com", "cn=staff,ou=groups,dc=example,dc=com"], Roles.Administrator);

        var view = Render<DirectoryTestResultView>(p => p.Add(v => v.Result, result).Add(v => v.UserName, "alice"));

        Assert.Equal("true", view.Find("[data-testid=authentication-result]").GetAttribute("data-ok"));
        Assert.Contains("The login test of alice passed.", view.Find("[data-testid=authentication-result-outcome]").TextContent);
        Assert.Equal("ldaps://ldap1.example.com", view.Find("[data-testid=authentication-result-server]").TextContent.Trim());
        Assert.Equal(Dn, view.Find("[data-testid=authentication-result-dn]").TextContent.Trim());
        Assert.Equal(["cn=orchestrator-admins,ou=groups,dc=example,dc=com", "cn=staff,ou=groups,dc=example,dc=com"],
            view.FindAll("[data-testid=authentication-result-groups] li").Select(li => li.TextContent.Trim()));
        Assert.Equal(Roles.Administrator, view.Find("[data-testid=authentication-result-role]").TextContent.Trim());
    }

    [Fact]
    public void A_user_in_no_mapped_group_is_shown_with_no_access()
    {
        var result = new DirectoryTestResult(true, $"{Dn} signs in with the password, but none of their 1 groups is mapped to a role: they would have no access.",
            "ldap://ldap2.example.com:389", Dn, ["cn=staff,ou=groups,dc=example,dc=com"]);

        var view = Render<DirectoryTestResultView>(p => p.Add(v => v.Result, result).Add(v => v.UserName, "alice"));

        Assert.Equal("No access", view.Find("[data-testid=authentication-result-role]").TextContent.Trim());
        Assert.Contains("none of their 1 groups is mapped", view.Find("[data-testid=authentication-result-message]").TextContent);
    }

    [Fact]
    public void A_connection_test_shows_the_server_and_no_user_details()
    {
        var result = new DirectoryTestResult(true, "Bound to ldaps://ldap1.example.com as cn=orchestrator,dc=example,dc=com: OpenLDAP.", "ldaps://ldap1.example.com");

        var view = Render<DirectoryTestResultView>(p => p.Add(v => v.Result, result));

        Assert.Contains("The connection test passed.", view.Find("[data-testid=authentication-result-outcome]").TextContent);
        Assert.Equal("ldaps://ldap1.example.com", view.Find("[data-testid=authentication-result-server]").TextContent.Trim());
        Assert.Empty(view.FindAll("[data-testid=authentication-result-dn]"));
        Assert.Empty(view.FindAll("[data-testid=authentication-result-role]"));
    }
}
