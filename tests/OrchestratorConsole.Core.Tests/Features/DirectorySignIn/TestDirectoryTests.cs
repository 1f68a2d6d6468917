using System.Diagnostics;
using System.DirectoryServices.Protocols;
using System.Net;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Core.Tests.Features.DirectorySignIn;

/// <summary>
/// The test directory itself, through System.DirectoryServices.Protocols as the console uses it on Linux: test.sh's
/// shared slapd over ldap:// with StartTLS and over ldaps:// with the CA it made, the tests' entries and their groups,
/// and a private slapd that stops and starts.
/// </summary>
public sealed class TestDirectoryTests
{
    private static DirectoryServer Shared => TestDirectory.Shared;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DirectoryTransport.StartTls)]
    [InlineData(DirectoryTransport.Ldaps)]
    public void Alice_binds_over_TLS_trusting_the_test_CA(DirectoryTransport transport)
    {
        using var connection = Shared.Connect(transport, TestDirectory.Alice.Credential);

        Assert.Equal($"dn:{TestDirectory.Alice.Dn}", WhoAmI(connection));
    }

    [Theory]
    [InlineData(DirectoryTransport.StartTls, 91)]
    [InlineData(DirectoryTransport.Ldaps, 81)]
    public void TLS_with_another_CA_is_refused_before_any_bind(DirectoryTransport transport, int errorCode)
    {
        using var otherCa = new TempDirectory();
        File.WriteAllText(Path.Combine(otherCa.Path, "ca.pem"), TestCertificates.Chain().Root.ExportCertificatePem());

        var failure = Assert.Throws<LdapException>(() => Shared.Connect(transport, TestDirectory.Alice.Credential, otherCa.Path));

        Assert.Equal(errorCode, failure.ErrorCode);
    }

    [Fact]
    public void A_wrong_password_is_invalid_credentials()
    {
        var failure = Assert.Throws<LdapException>(() => Shared.Connect(DirectoryTransport.StartTls, new NetworkCredential(TestDirectory.Alice.Dn, "not-her-password")));

        Assert.Equal(49, failure.ErrorCode);
    }

    [Fact]
    public void Anonymous_reads_no_people_and_the_service_account_reads_them_all()
    {
        using (var anonymous = Shared.Connect(DirectoryTransport.StartTls))
        {
            var hidden = Assert.Throws<DirectoryOperationException>(() => DirectoryServer.Search(anonymous, TestDirectory.PeopleDn, "(uid=alice)"));
            Assert.Equal(ResultCode.NoSuchObject, hidden.Response.ResultCode);
        }

        using var service = Shared.Connect(DirectoryTransport.StartTls, TestDirectory.Service.Credential);
        var people = DirectoryServer.Search(service, TestDirectory.PeopleDn, "(&(objectClass=inetOrgPerson)(|(uid=alice)(uid=bob)(uid=carol)(uid=dave)(uid=erin)(uid=frank)))");
        Assert.Equal(
            new[] { TestDirectory.Alice, TestDirectory.Bob, TestDirectory.Carol, TestDirectory.Dave, TestDirectory.Erin, TestDirectory.Frank }
                .Select(user => Normalize(service, user.Dn)).Order(StringComparer.OrdinalIgnoreCase),
            people);
    }

    [Fact]
    public void The_service_account_finds_each_users_groups_by_member_uniqueMember_memberUid_and_memberOf()
    {
        using var service = Shared.Connect(DirectoryTransport.Ldaps, TestDirectory.Service.Credential);

        Assert.Equal([TestDirectory.AdminsGroupDn], GroupsByMember(service, TestDirectory.Alice));
        Assert.Equal([TestDirectory.AdminsGroupDn, TestDirectory.ReviewersGroupDn], GroupsByMember(service, TestDirectory.Erin));
        Assert.Equal([TestDirectory.OtherGroupDn], GroupsByMember(service, TestDirectory.Dave));
        Assert.Equal([TestDirectory.ReviewersUniqueGroupDn], DirectoryServer.Search(service, TestDirectory.GroupsDn, $"(uniqueMember={DirectoryServer.EscapeFilterValue(TestDirectory.Bob.Dn)})"));
        Assert.Equal([TestDirectory.SupportPosixGroupDn], DirectoryServer.Search(service, TestDirectory.GroupsDn, "(memberUid=carol)"));
        Assert.Equal([TestDirectory.AdminsGroupDn, TestDirectory.ReviewersGroupDn], MemberOf(service, TestDirectory.Erin.Dn));
    }

    [Fact]
    public void Frank_with_an_escaped_DN_and_a_password_that_is_not_ASCII_binds_and_is_found_in_his_group()
    {
        using var frank = Shared.Connect(DirectoryTransport.StartTls, TestDirectory.Frank.Credential);

        Assert.Equal([TestDirectory.SupportGroupDn], GroupsByMember(frank, TestDirectory.Frank));
    }

    [Fact]
    public void A_user_added_for_one_test_moves_into_and_out_of_a_group()
    {
        var user = Shared.AddUser("mover", TestDirectory.ReviewersGroupDn);
        using (var own = Shared.Connect(DirectoryTransport.StartTls, user.Credential))
        {
            Assert.Equal($"dn:{user.Dn}", WhoAmI(own));
        }

        Assert.Equal([TestDirectory.ReviewersGroupDn], Shared.GroupsOf(user));

        Shared.AddToGroup(TestDirectory.SupportGroupDn, user.Dn);
        Shared.RemoveFromGroup(TestDirectory.ReviewersGroupDn, user.Dn);

        Assert.Equal([TestDirectory.SupportGroupDn], Shared.GroupsOf(user));
        using var service = Shared.Connect(DirectoryTransport.StartTls, TestDirectory.Service.Credential);
        Assert.Equal([TestDirectory.SupportGroupDn], MemberOf(service, user.Dn));
    }

    [Fact]
    public async Task A_private_directory_stops_and_starts_again_and_alice_leaves_its_admins_only()
    {
        using var directory = await PrivateDirectory.CreateAsync(Ct);
        Assert.NotEqual(Shared.LdapPort, directory.LdapPort);
        directory.RemoveFromGroup(TestDirectory.AdminsGroupDn, TestDirectory.Alice.Dn);
        Assert.Empty(directory.GroupsOf(TestDirectory.Alice));
        Assert.Equal([TestDirectory.AdminsGroupDn], Shared.GroupsOf(TestDirectory.Alice));

        Assert.NotNull(directory.Pid);
        await directory.StopAsync(cancellationToken: Ct);
        Assert.Null(directory.Pid);
        var clock = Stopwatch.StartNew();
        var down = Assert.Throws<LdapException>(() => directory.Connect(DirectoryTransport.Ldaps, TestDirectory.Alice.Credential));
        Assert.Equal(81, down.ErrorCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"A refused connection took {clock.Elapsed}.");

        await directory.StartAsync(Ct);
        using var alice = directory.Connect(DirectoryTransport.StartTls, TestDirectory.Alice.Credential);
        Assert.Equal($"dn:{TestDirectory.Alice.Dn}", WhoAmI(alice));
        Assert.Empty(directory.GroupsOf(TestDirectory.Alice));
    }

    private static string WhoAmI(LdapConnection connection) =>
        ((ExtendedResponse)connection.SendRequest(new ExtendedRequest("1.3.6.1.4.1.4203.1.11.3"))).ResponseValue is { } value
            ? System.Text.Encoding.UTF8.GetString(value)
            : "";

    private static IReadOnlyList<string> GroupsByMember(LdapConnection connection, DirectoryUser user) =>
        DirectoryServer.Search(connection, TestDirectory.GroupsDn, $"(member={DirectoryServer.EscapeFilterValue(user.Dn)})");

    private static IReadOnlyList<string> MemberOf(LdapConnection connection, string dn)
    {
        var response = (SearchResponse)connection.SendRequest(new SearchRequest(dn, "(objectClass=*)", SearchScope.Base, "memberOf"));
        var entry = Assert.Single(response.Entries.Cast<SearchResultEntry>());
        return entry.Attributes["memberOf"] is { } values
            ? [.. values.GetValues(typeof(string)).Cast<string>().Order(StringComparer.OrdinalIgnoreCase)]
            : [];
    }

    /// <summary>The DN as the server writes it (an escaped comma comes back as \2C).</summary>
    private static string Normalize(LdapConnection connection, string dn) =>
        ((SearchResponse)connection.SendRequest(new SearchRequest(dn, "(objectClass=*)", SearchScope.Base, "1.1"))).Entries[0].DistinguishedName;
}
