using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OrchestratorConsole.Core.Features.Certificates;

/// <summary>The certificate a node makes for itself at first start, until an administrator imports one.</summary>
public static class SelfSignedCertificate
{
    public static readonly TimeSpan Validity = TimeSpan.FromDays(365);

    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";

    /// <summary>
    /// An ECDSA P-256 certificate for the host name, loopback and <paramref name="names"/> (the addresses the node
    /// listens on, the public URL's host), valid a year from <paramref name="now"/>.
    /// </summary>
    public static X509Certificate2 Create(string hostName, IEnumerable<string> names, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={hostName}"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(AlternativeNames(hostName, names));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuthentication)], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        // A few minutes back, so that a peer whose clock runs a little behind accepts it at once.
        return request.CreateSelfSigned(now.AddMinutes(-5), now.Add(Validity));
    }

    private static X509Extension AlternativeNames(string hostName, IEnumerable<string> extraNames)
    {
        var names = new SubjectAlternativeNameBuilder();
        var dnsNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { hostName, "localhost" };
        var addresses = new HashSet<IPAddress> { IPAddress.Loopback, IPAddress.IPv6Loopback };
        foreach (var name in extraNames.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim().Trim('[', ']')))
        {
            if (IPAddress.TryParse(name, out var address))
            {
                addresses.Add(address);
            }
            else
            {
                dnsNames.Add(name);
            }
        }

        foreach (var name in dnsNames.Order(StringComparer.OrdinalIgnoreCase))
        {
            names.AddDnsName(name);
        }

        foreach (var address in addresses)
        {
            names.AddIpAddress(address);
        }

        return names.Build();
    }
}
