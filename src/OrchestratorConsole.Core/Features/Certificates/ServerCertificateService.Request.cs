using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.PlugIns;

namespace OrchestratorConsole.Core.Features.Certificates;

// A certificate signing request: the node makes a key, keeps it encrypted, and hands out the request; the certificate
// an authority signs for it is imported later as PEM without a key and paired with the key that waited.
public sealed partial class ServerCertificateService
{
    /// <summary>The node property that keeps a pending request's key, encrypted with the key ring.</summary>
    public const string PendingKeyProperty = "certificate.request.key";

    /// <summary>At most this many subject alternative names in a request.</summary>
    public const int MaxAlternativeNames = 32;

    /// <summary>
    /// Makes an ECDSA P-256 key and a PEM signing request for <paramref name="subject"/> and
    /// <paramref name="alternativeNames"/> (host names or IP addresses); the key replaces any earlier pending one and
    /// waits, encrypted, for the signed certificate. The served certificate is unchanged until then.
    /// </summary>
    public async Task<string> RequestAsync(Actor actor, string? subject, IReadOnlyList<string>? alternativeNames, CancellationToken cancellationToken = default)
    {
        actor.DemandAdministrator();
        var name = SubjectOf(subject);
        var names = AlternativeNamesOf(alternativeNames ?? []);

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(name, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var csr = request.CreateSigningRequestPem();

        var stored = protector.Protect(key.ExportPkcs8PrivateKeyPem());
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.SetNodePropertyAsync(PendingKeyProperty, stored, cancellationToken);

        audit.Add(db, actor, "certificate.request", null, $"{name.Name}; names: {string.Join(", ", alternativeNames ?? [])}");
        await db.SaveChangesAsync(cancellationToken);
        return csr;
    }

    /// <summary>Whether a signing request waits for its certificate.</summary>
    public async Task<bool> HasPendingRequestAsync(CancellationToken cancellationToken = default) =>
        await PendingKeyAsync(cancellationToken) is not null;

    private async Task<string?> PendingKeyAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var stored = await db.NodeProperties.AsNoTracking().Where(p => p.Key == PendingKeyProperty).Select(p => p.Value).FirstOrDefaultAsync(cancellationToken);
        return stored is null ? null : protector.Unprotect(stored);
    }

    private static bool KeyIs(X509Certificate2 certificate, string keyPem)
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(keyPem);
        using var served = certificate.GetECDsaPublicKey();
        return served is not null && served.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo());
    }

    private static X500DistinguishedName SubjectOf(string? subject)
    {
        if (string.IsNullOrWhiteSpace(subject))
        {
            throw ValidationFailedException.For("subject", "The subject is required, for example CN=node1.example.com, O=Example.");
        }

        TextLimits.Demand("subject", "The subject", subject, 1024);
        try
        {
            return new X500DistinguishedName(subject.Trim());
        }
        catch (CryptographicException)
        {
            throw ValidationFailedException.For("subject", $"'{subject}' is not a distinguished name; write it as CN=node1.example.com, O=Example.");
        }
    }

    private static SubjectAlternativeNameBuilder AlternativeNamesOf(IReadOnlyList<string> names)
    {
        if (names.Count == 0 || names.Count > MaxAlternativeNames)
        {
            throw ValidationFailedException.For("subjectAlternativeNames", $"Give from 1 to {MaxAlternativeNames} host names or IP addresses the node is reached at.");
        }

        var builder = new SubjectAlternativeNameBuilder();
        foreach (var raw in names)
        {
            var name = raw?.Trim() ?? string.Empty;
            if (IPAddress.TryParse(name, out var address))
            {
                builder.AddIpAddress(address);
            }
            else if (name.Length is > 0 and <= 253 && Uri.CheckHostName(name.TrimStart('*', '.')) == UriHostNameType.Dns)
            {
                builder.AddDnsName(name);
            }
            else
            {
                throw ValidationFailedException.For("subjectAlternativeNames", $"'{raw}' is neither a host name nor an IP address.");
            }
        }

        return builder;
    }
}
