using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;

namespace OrchestratorConsole.Testing;

/// <summary>The authentication section for a test directory, and what tests compare its answers with.</summary>
public static class DirectorySignInSettings
{
    /// <summary>A server URL as the console names it: scheme, host and port, no trailing slash.</summary>
    public static string Url(Uri url) => url.GetLeftPart(UriPartial.Authority);

    /// <summary>The directory's CA, as SSL trust imports it.</summary>
    public static string CaPem(this DirectoryServer directory) => File.ReadAllText(directory.CaFile);

    /// <summary>The SHA-256 of the certificate the shared directory serves.</summary>
    public static string ServerSha256 => Sha256OfPemFile(TestDirectory.RequiredFile(TestDirectory.CertificateVariable));

    /// <summary>The SHA-256 (lower-case hex) of the first certificate in a PEM file.</summary>
    public static string Sha256OfPemFile(string file)
    {
        using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(file));
        return Convert.ToHexStringLower(SHA256.HashData(certificate.RawData));
    }

    /// <summary>
    /// The body of a PUT of the section: LDAP on, <paramref name="servers"/> (both of the directory's, StartTLS first,
    /// when null), the service account (with <paramref name="bindPassword"/> instead of its own when given), users
    /// under ou=people by uid, and the three groups mapped to the three roles (one by its cn).
    /// </summary>
    public static JsonObject Body(this DirectoryServer directory, IEnumerable<string>? servers, string? bindPassword, int version) => new()
    {
        ["ldapEnabled"] = true,
        ["serverUrls"] = new JsonArray([.. (servers ?? [Url(directory.LdapUrl), Url(directory.LdapsUrl)]).Select(s => (JsonNode)s)]),
        ["bindDn"] = TestDirectory.Service.Dn,
        ["bindPassword"] = bindPassword ?? TestDirectory.Service.Password,
        ["userSearchBase"] = TestDirectory.PeopleDn,
        ["userFilter"] = "(uid={0})",
        ["groupSearchBase"] = TestDirectory.GroupsDn,
        ["groupRoles"] = new JsonArray(
            new JsonObject { ["group"] = TestDirectory.AdminsGroupDn, ["role"] = "Administrator" },
            new JsonObject { ["group"] = "console-reviewers", ["role"] = "Reviewer" },
            new JsonObject { ["group"] = TestDirectory.SupportGroupDn, ["role"] = "Support" }),
        ["version"] = version,
    };
}
