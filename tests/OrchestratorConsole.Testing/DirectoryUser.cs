namespace OrchestratorConsole.Testing;

/// <summary>An entry of the test directory that can bind: its <c>uid</c> (or <c>cn</c> for a service), DN and password.</summary>
public sealed record DirectoryUser(string Uid, string Dn, string Password)
{
    public System.Net.NetworkCredential Credential => new(Dn, Password);
}

/// <summary>How a test connects to a directory: no TLS, StartTLS on the ldap:// port, or TLS from the start on the ldaps:// port.</summary>
public enum DirectoryTransport
{
    Plain,
    StartTls,
    Ldaps,
}
