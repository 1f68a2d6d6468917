using System.DirectoryServices.Protocols;
using System.Net;
using System.Text;

namespace OrchestratorConsole.Testing;

/// <summary>
/// A running test directory (the shared one or a <see cref="PrivateDirectory"/>): where it listens, the authority that
/// signed its certificate, and its root DN, which may write. The helpers change entries as that root DN over ldap://.
/// <see cref="Connect"/> is the recipe that works with System.DirectoryServices.Protocols on Linux (libldap with GnuTLS).
/// </summary>
public class DirectoryServer
{
    private static readonly TimeSpan OperationTimeout = TimeSpan.FromSeconds(10);

    public DirectoryServer(Uri ldapUrl, Uri ldapsUrl, string caFile, string caDirectory, string adminDn, string adminPassword)
    {
        LdapUrl = ldapUrl;
        LdapsUrl = ldapsUrl;
        CaFile = caFile;
        CaDirectory = caDirectory;
        AdminDn = adminDn;
        AdminPassword = adminPassword;
    }

    /// <summary><c>ldap://127.0.0.1:PORT</c>; StartTLS is offered there.</summary>
    public Uri LdapUrl { get; private protected set; }

    /// <summary><c>ldaps://127.0.0.1:PORT</c>.</summary>
    public Uri LdapsUrl { get; private protected set; }

    /// <summary>Always 127.0.0.1: libldap checks a certificate for "localhost" against the machine's own host name instead.</summary>
    public string Host => LdapUrl.Host;

    public int LdapPort => LdapUrl.Port;

    public int LdapsPort => LdapsUrl.Port;

    /// <summary>The PEM file of the authority that signed the server's certificate (for localhost and 127.0.0.1).</summary>
    public string CaFile { get; }

    /// <summary>A folder holding only <see cref="CaFile"/>, for <see cref="LdapSessionOptions.TrustedCertificatesDirectory"/>.</summary>
    public string CaDirectory { get; }

    public string AdminDn { get; }

    public string AdminPassword { get; }

    public string BaseDn => TestDirectory.BaseDn;

    /// <summary>
    /// A connection bound as <paramref name="credential"/> (anonymous when null) over <paramref name="transport"/>,
    /// trusting <paramref name="trustedCaDirectory"/> (the server's CA when null). StartTLS needs a connection first,
    /// which an anonymous bind makes: StartTransportLayerSecurity on a connection that never bound fails with 81.
    /// </summary>
    public LdapConnection Connect(DirectoryTransport transport, NetworkCredential? credential = null, string? trustedCaDirectory = null)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The test directory's TLS recipe is libldap's: trusted certificates folder and a new TLS context.");
        }

        var port = transport == DirectoryTransport.Ldaps ? LdapsPort : LdapPort;
        var connection = new LdapConnection(new LdapDirectoryIdentifier(Host, port))
        {
            AuthType = AuthType.Anonymous,
            Timeout = OperationTimeout,
        };
        try
        {
            connection.SessionOptions.ProtocolVersion = 3;
            if (transport != DirectoryTransport.Plain)
            {
                connection.SessionOptions.TrustedCertificatesDirectory = trustedCaDirectory ?? CaDirectory;
                connection.SessionOptions.StartNewTlsSessionContext();
            }

            if (transport == DirectoryTransport.Ldaps)
            {
                connection.SessionOptions.SecureSocketLayer = true;
            }

            if (transport == DirectoryTransport.StartTls)
            {
                connection.Bind();
                connection.SessionOptions.StartTransportLayerSecurity(null);
            }

            if (credential is not null)
            {
                connection.AuthType = AuthType.Basic;
                connection.Bind(credential);
            }
            else if (transport != DirectoryTransport.StartTls)
            {
                connection.Bind();
            }

            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>A connection bound as the root DN over ldap://.</summary>
    public LdapConnection ConnectAsAdmin() => Connect(DirectoryTransport.Plain, new NetworkCredential(AdminDn, AdminPassword));

    /// <summary>
    /// Adds an inetOrgPerson under ou=people with a uid unique to this call (<paramref name="uidPrefix"/> and a random
    /// suffix), so that tests that change memberships in the shared directory do not meet, and puts it in
    /// <paramref name="groupDns"/> (groupOfNames).
    /// </summary>
    public DirectoryUser AddUser(string uidPrefix, params string[] groupDns)
    {
        var uid = $"{uidPrefix}-{Guid.NewGuid():N}"[..(uidPrefix.Length + 9)];
        var user = new DirectoryUser(uid, TestDirectory.PersonDn(uid), $"Pw-{Guid.NewGuid():N}");
        using var connection = ConnectAsAdmin();
        connection.SendRequest(new AddRequest(
            user.Dn,
            new DirectoryAttribute("objectClass", "inetOrgPerson"),
            new DirectoryAttribute("uid", uid),
            new DirectoryAttribute("cn", uid),
            new DirectoryAttribute("sn", uid),
            new DirectoryAttribute("userPassword", user.Password)));
        foreach (var group in groupDns)
        {
            ChangeMember(connection, group, user.Dn, DirectoryAttributeOperation.Add);
        }

        return user;
    }

    /// <summary>Adds <paramref name="memberDn"/> to the <c>member</c> values of <paramref name="groupDn"/>.</summary>
    public void AddToGroup(string groupDn, string memberDn)
    {
        using var connection = ConnectAsAdmin();
        ChangeMember(connection, groupDn, memberDn, DirectoryAttributeOperation.Add);
    }

    /// <summary>Removes <paramref name="memberDn"/> from the <c>member</c> values of <paramref name="groupDn"/>.</summary>
    public void RemoveFromGroup(string groupDn, string memberDn)
    {
        using var connection = ConnectAsAdmin();
        ChangeMember(connection, groupDn, memberDn, DirectoryAttributeOperation.Delete);
    }

    /// <summary>The DNs of the groups under ou=groups whose <c>member</c> or <c>uniqueMember</c> is the DN, or whose <c>memberUid</c> is the uid, as the root DN sees them.</summary>
    public IReadOnlyList<string> GroupsOf(DirectoryUser user)
    {
        using var connection = ConnectAsAdmin();
        var dn = EscapeFilterValue(user.Dn);
        return Search(connection, TestDirectory.GroupsDn, $"(|(member={dn})(uniqueMember={dn})(memberUid={EscapeFilterValue(user.Uid)}))");
    }

    /// <summary>The DNs of the entries below <paramref name="baseDn"/> that match <paramref name="filter"/>, sorted.</summary>
    public static IReadOnlyList<string> Search(LdapConnection connection, string baseDn, string filter, params string[] attributes)
    {
        var response = (SearchResponse)connection.SendRequest(new SearchRequest(baseDn, filter, SearchScope.Subtree, attributes));
        return [.. response.Entries.Cast<SearchResultEntry>().Select(entry => entry.DistinguishedName).Order(StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>An assertion value for a search filter (RFC 4515): backslash, asterisk, parentheses and NUL as \XX.</summary>
    public static string EscapeFilterValue(string value)
    {
        var escaped = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            escaped.Append(c switch
            {
                '\\' => @"\5c",
                '*' => @"\2a",
                '(' => @"\28",
                ')' => @"\29",
                '\0' => @"\00",
                _ => c.ToString(),
            });
        }

        return escaped.ToString();
    }

    private static void ChangeMember(LdapConnection connection, string groupDn, string memberDn, DirectoryAttributeOperation operation) =>
        connection.SendRequest(new ModifyRequest(groupDn, operation, "member", memberDn));
}
