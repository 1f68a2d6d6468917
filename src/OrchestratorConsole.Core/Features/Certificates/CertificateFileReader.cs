using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using OrchestratorConsole.Core.Common;

namespace OrchestratorConsole.Core.Features.Certificates;

/// <summary>Reads an uploaded certificate with its key: PKCS#12 (with a password) or PEM (certificate, key, optionally the chain).</summary>
public static class CertificateFileReader
{
    /// <summary>The largest file taken: a certificate, its key and a chain fit many times over.</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>The certificate with its private key, and the other certificates of the file (the chain).</summary>
    /// <param name="pendingKey">The key of a pending signing request (PEM): a PEM file without a key is paired with it.</param>
    public static (X509Certificate2 Certificate, X509Certificate2Collection Chain) Read(byte[] content, string? password, string? pendingKey = null)
    {
        if (content.Length == 0)
        {
            throw Refused("The certificate file is empty.");
        }

        if (content.Length > MaxBytes)
        {
            throw Refused($"The certificate file is at most {MaxBytes / 1024} KB; this one has {content.Length} bytes.");
        }

        return LooksLikePem(content) ? ReadPem(Encoding.UTF8.GetString(content), password, pendingKey) : ReadPkcs12(content, password);
    }

    private static bool LooksLikePem(byte[] content) =>
        Encoding.UTF8.GetString(content, 0, Math.Min(content.Length, 4096)).Contains("-----BEGIN ", StringComparison.Ordinal);

    private static (X509Certificate2, X509Certificate2Collection) ReadPem(string pem, string? password, string? pendingKey)
    {
        var all = new X509Certificate2Collection();
        try
        {
            all.ImportFromPem(pem);
        }
        catch (CryptographicException)
        {
            throw Refused("The PEM file holds a certificate that cannot be read.");
        }

        if (all.Count == 0)
        {
            throw Refused("The PEM file holds no certificate.");
        }

        if (!pem.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            return pendingKey is null
                ? throw Refused("The PEM file has no private key; add the certificate's key to the file (or generate a signing request first, whose key waits here).")
                : (WithPendingKey(all[0], pendingKey), Rest(all));
        }

        var encrypted = pem.Contains("-----BEGIN ENCRYPTED PRIVATE KEY-----", StringComparison.Ordinal);
        if (encrypted && string.IsNullOrEmpty(password))
        {
            throw ValidationFailedException.For("password", "The PEM file's private key is encrypted; give its password.");
        }

        X509Certificate2 certificate;
        try
        {
            // Takes the first certificate and the first key, and checks that the key belongs to the certificate.
            certificate = encrypted ? X509Certificate2.CreateFromEncryptedPem(pem, pem, password) : X509Certificate2.CreateFromPem(pem, pem);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw encrypted
                ? ValidationFailedException.For("password", "The password does not open the private key, or the key does not belong to the certificate.")
                : Refused("The private key does not belong to the certificate (or cannot be read).");
        }

        return (certificate, Rest(all));
    }

    /// <summary>The certificate signed for this node's pending request, with the key that waited for it.</summary>
    private static X509Certificate2 WithPendingKey(X509Certificate2 signed, string pendingKey)
    {
        try
        {
            return X509Certificate2.CreateFromPem(signed.ExportCertificatePem(), pendingKey);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw Refused("The certificate was not signed for this node's pending signing request (its key is another); add the certificate's own key to the file, or generate a new request.");
        }
    }

    private static X509Certificate2Collection Rest(X509Certificate2Collection all)
    {
        var chain = new X509Certificate2Collection();
        foreach (var other in all.Skip(1))
        {
            chain.Add(other);
        }

        return chain;
    }

    private static (X509Certificate2, X509Certificate2Collection) ReadPkcs12(byte[] content, string? password)
    {
        X509Certificate2Collection all;
        try
        {
            all = X509CertificateLoader.LoadPkcs12Collection(content, password, X509KeyStorageFlags.Exportable);
        }
        catch (CryptographicException)
        {
            throw string.IsNullOrEmpty(password)
                ? Refused("The file is neither PEM nor a PKCS#12 file that opens without a password; give its password if it has one.")
                : ValidationFailedException.For("password", "The password does not open the PKCS#12 file (or the file is not PKCS#12).");
        }

        var withKey = all.Where(c => c.HasPrivateKey).ToList();
        if (withKey.Count == 0)
        {
            throw Refused("The PKCS#12 file has no private key.");
        }

        if (withKey.Count > 1)
        {
            throw Refused("The PKCS#12 file has more than one private key; keep only the server certificate's.");
        }

        var certificate = withKey[0];
        var chain = new X509Certificate2Collection();
        foreach (var other in all.Where(c => !ReferenceEquals(c, certificate)))
        {
            chain.Add(other);
        }

        return (certificate, chain);
    }

    internal static ValidationFailedException Refused(string message) => ValidationFailedException.For("certificate", message);
}
