using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OrchestratorConsole.Core.Features.KeyRing;

/// <summary>
/// The certificate configured under <c>DataProtection:Certificate</c>, loaded once at start: from a PKCS#12 file and its
/// password, or by thumbprint from the CurrentUser then LocalMachine "My" store. <see cref="Certificate"/> is null when none
/// is configured.
/// </summary>
public sealed class KeyRingCertificate
{
    private const string Section = KeyRingCertificateOptions.SectionName;

    private KeyRingCertificate(X509Certificate2? certificate) => Certificate = certificate;

    public X509Certificate2? Certificate { get; }

    /// <summary>Loads the configured certificate; throws <see cref="KeyRingCertificateException"/> naming the key when it cannot be used.</summary>
    public static KeyRingCertificate Load(KeyRingCertificateOptions options, string contentRoot)
    {
        var hasPath = !string.IsNullOrWhiteSpace(options.Path);
        var hasThumbprint = !string.IsNullOrWhiteSpace(options.Thumbprint);
        if (hasPath && hasThumbprint)
        {
            throw new KeyRingCertificateException($"{Section}:Path and {Section}:Thumbprint are both set: choose one.");
        }

        if (!hasPath && !string.IsNullOrEmpty(options.Password))
        {
            throw new KeyRingCertificateException($"{Section}:Password is set but {Section}:Path is not: name the PKCS#12 file it opens.");
        }

        var certificate = hasPath ? FromFile(Path.GetFullPath(options.Path!, contentRoot), options.Password)
            : hasThumbprint ? FromStore(options.Thumbprint!)
            : null;
        return new KeyRingCertificate(certificate);
    }

    private static X509Certificate2 FromFile(string path, string? password)
    {
        if (!File.Exists(path))
        {
            throw new KeyRingCertificateException($"{Section}:Path '{path}' does not exist.");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password);
        }
        catch (CryptographicException)
        {
            throw new KeyRingCertificateException($"{Section}:Path '{path}' could not be opened with {Section}:Password: the password is wrong, or the file is not a PKCS#12 (.pfx) certificate.");
        }

        return Usable(certificate, $"{Section}:Path '{path}'");
    }

    private static X509Certificate2 FromStore(string thumbprint)
    {
        var wanted = thumbprint.Replace(":", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
        foreach (var location in new[] { StoreLocation.CurrentUser, StoreLocation.LocalMachine })
        {
            using var store = new X509Store(StoreName.My, location);
            try
            {
                store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
            }
            catch (CryptographicException)
            {
                // A store that does not exist (or, on Linux, LocalMachine/My) holds nothing to find.
                continue;
            }

            var found = store.Certificates.Find(X509FindType.FindByThumbprint, wanted, validOnly: false);
            if (found.Count > 0)
            {
                return Usable(found[0], $"{Section}:Thumbprint {wanted} ({location}/My)");
            }
        }

        throw new KeyRingCertificateException($"{Section}:Thumbprint {wanted} is not in the CurrentUser or LocalMachine 'My' certificate store of this account.");
    }

    private static X509Certificate2 Usable(X509Certificate2 certificate, string source)
    {
        if (!certificate.HasPrivateKey)
        {
            throw new KeyRingCertificateException($"{source} has no private key: the node needs it to read its keys.");
        }

        using var rsa = certificate.GetRSAPublicKey();
        if (rsa is null)
        {
            throw new KeyRingCertificateException($"{source} does not have an RSA key: Data Protection encrypts its keys with RSA certificates only.");
        }

        return certificate;
    }
}
