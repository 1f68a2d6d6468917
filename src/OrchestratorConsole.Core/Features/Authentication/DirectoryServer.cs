namespace OrchestratorConsole.Core.Features.Authentication;

/// <summary>One directory server of the Authentication tab: where it is, and whether TLS comes first (ldaps) or by StartTLS (ldap).</summary>
public sealed record DirectoryServer(string Url, string Host, int Port, bool Ldaps)
{
    public const int LdapPort = 389;
    public const int LdapsPort = 636;

    /// <summary>The server of an <c>ldap://</c> or <c>ldaps://</c> URL with a host and nothing after it but a port, or null.</summary>
    public static DirectoryServer? Parse(string? url)
    {
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)
            || uri.Scheme is not ("ldap" or "ldaps") || string.IsNullOrEmpty(uri.Host)
            || Uri.CheckHostName(uri.IdnHost) == UriHostNameType.Unknown
            || uri.AbsolutePath is not ("" or "/") || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            return null;
        }

        var ldaps = uri.Scheme == "ldaps";
        var port = uri.Port > 0 ? uri.Port : ldaps ? LdapsPort : LdapPort;
        return new DirectoryServer($"{uri.Scheme}://{uri.Authority}", uri.IdnHost.Trim('[', ']'), port, ldaps);
    }

    public override string ToString() => Url;
}
