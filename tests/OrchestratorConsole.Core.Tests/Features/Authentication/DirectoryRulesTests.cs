using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Core.Features.Authentication;
using OrchestratorConsole.Core.Features.Configuration;

namespace OrchestratorConsole.Core.Tests.Features.Authentication;

/// <summary>The rules of directory sign-in that need no server: filter escaping, server URLs, group mapping, the section's checks.</summary>
public sealed class DirectoryRulesTests
{
    [Theory]
    [InlineData("alice", "(uid=alice)")]
    [InlineData("*)(uid=*", @"(uid=\2a\29\28uid=\2a)")]
    [InlineData(@"a\b", @"(uid=a\5cb)")]
    [InlineData("nul\0", @"(uid=nul\00)")]
    public void A_user_name_goes_into_the_filter_escaped_so_it_cannot_change_it(string userName, string filter) =>
        Assert.Equal(filter, LdapFilter.ForUser(AuthenticationSettings.DefaultUserFilter, userName));

    [Theory]
    [InlineData("ldap://dc1.example.com", "dc1.example.com", 389, false)]
    [InlineData("ldaps://dc1.example.com", "dc1.example.com", 636, true)]
    [InlineData("ldaps://10.0.0.5:3269/", "10.0.0.5", 3269, true)]
    [InlineData("ldap://[::1]:1389", "::1", 1389, false)]
    public void Server_urls_name_a_host_a_port_and_how_TLS_starts(string url, string host, int port, bool ldaps)
    {
        var server = DirectoryServer.Parse(url)!;
        Assert.Equal((host, port, ldaps), (server.Host, server.Port, server.Ldaps));
    }

    [Theory]
    [InlineData("http://dc1.example.com")]
    [InlineData("ldap://")]
    [InlineData("ldap://dc1.example.com/dc=example,dc=com")]
    [InlineData("ldap://user:pw@dc1.example.com")]
    [InlineData("dc1.example.com")]
    public void Anything_but_an_ldap_or_ldaps_host_and_port_is_refused(string url) => Assert.Null(DirectoryServer.Parse(url));

    [Fact]
    public void The_highest_mapped_role_wins_and_groups_match_by_dn_or_cn_whatever_the_case_and_spacing()
    {
        GroupRole[] mappings =
        [
            new() { Group = "cn=Support,ou=groups,dc=example,dc=com", Role = Roles.Support },
            new() { Group = "console-reviewers", Role = Roles.Reviewer },
            new() { Group = "CN=Admins, OU=Groups, DC=example, DC=com", Role = Roles.Administrator },
        ];

        Assert.Equal(Roles.Support, DirectoryGroups.RoleFor(mappings, ["cn=support,ou=groups,dc=example,dc=com"]));
        Assert.Equal(Roles.Reviewer, DirectoryGroups.RoleFor(mappings, ["cn=support,ou=groups,dc=example,dc=com", "cn=Console-Reviewers,ou=teams,dc=example,dc=com"]));
        Assert.Equal(Roles.Administrator, DirectoryGroups.RoleFor(mappings, ["cn=admins,ou=groups,dc=example,dc=com", "cn=console-reviewers,ou=x"]));
        Assert.Null(DirectoryGroups.RoleFor(mappings, ["cn=other,ou=groups,dc=example,dc=com"]));
        // A cn mapping does not match a group whose DN merely contains the name further along.
        Assert.Null(DirectoryGroups.RoleFor(mappings, ["cn=x,cn=console-reviewers,dc=example,dc=com"]));
    }

    [Fact]
    public void The_section_names_each_bad_field()
    {
        var settings = new AuthenticationSettings
        {
            LdapEnabled = true,
            ServerUrls = ["ldaps://ok.example.com", "https://dc.example.com"],
            UserFilter = "(uid=alice",
            GroupRoles = [new() { Group = "admins", Role = "Owner" }, new() { Group = " ", Role = Roles.Support }],
        };

        var errors = ConfigurationRegistry.Validate(settings).ToList();

        Assert.Contains(errors, e => e.Field == "serverUrls" && e.Message.Contains("Server URL 2 ('https://dc.example.com')", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Field == "userSearchBase");
        Assert.Contains(errors, e => e.Field == "userFilter" && e.Message.Contains("{0}", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Field == "groupSearchBase");
        Assert.Contains(errors, e => e.Field == "groupRoles" && e.Message.Contains("'Owner'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Field == "groupRoles" && e.Message.Contains("Mapping 2", StringComparison.Ordinal));
        Assert.Empty(ConfigurationRegistry.Validate(new AuthenticationSettings()));
    }

    [Theory]
    [InlineData("(uid={0})", true)]
    [InlineData("(&(objectClass=person)(sAMAccountName={0}))", true)]
    [InlineData("uid={0}", false)]
    [InlineData("(uid={0}))(", false)]
    [InlineData("(uid={0})(cn=x)", false)]
    public void A_filter_is_one_parenthesised_filter(string filter, bool balanced) => Assert.Equal(balanced, LdapFilter.IsBalanced(filter));
}
