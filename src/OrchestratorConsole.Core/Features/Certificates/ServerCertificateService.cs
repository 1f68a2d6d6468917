using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Data;
using OrchestratorConsole.Core.Features.Audit;
using OrchestratorConsole.Core.Features.Configuration;

namespace OrchestratorConsole.Core.Features.Certificates;

/// <summary>
/// This node's server certificate: made at first start when none is stored, replaced by an administrator's import, and
/// handed to the HTTPS listener for every new connection (so a replacement is served without a restart).
/// </summary>
public sealed partial class ServerCertificateService(
    IDbContextFactory<SettingsDbContext> dbFactory,
    SecretProtector protector,
    AuditService audit,
    TimeProvider time,
    ILogger<ServerCertificateService> logger,
    IServiceProvider services)
{
    private volatile X509Certificate2? _current;

    /// <summary>The certificate with its key, or null before <see cref="EnsureAsync"/> ran.</summary>
    public X509Certificate2? Current => _current;

    /// <summary>The current certificate's details; throws before <see cref="EnsureAsync"/> ran.</summary>
    public CertificateDetails Details =>
        CertificateDetails.Of(_current ?? throw new InvalidOperationException("The server certificate is not loaded yet."));

    /// <summary>How long before its end a certificate is warned about.</summary>
    public static readonly TimeSpan ExpiryWarning = TimeSpan.FromDays(30);

    /// <summary>A warning when the served certificate ends within <see cref="ExpiryWarning"/> (or has ended); null otherwise.</summary>
    public string? ExpiryNotice()
    {
        if (_current is not { } served)
        {
            return null;
        }

        var details = CertificateDetails.Of(served);
        var left = details.NotAfter - time.GetUtcNow();
        return left > ExpiryWarning
            ? null
            : left <= TimeSpan.Zero
                ? $"The server certificate {details.Subject} expired on {details.NotAfter:yyyy-MM-dd}: browsers and other nodes refuse it. Import a new one on the Server certificate tab."
                : $"The server certificate {details.Subject} expires on {details.NotAfter:yyyy-MM-dd}, in {Math.Max(1, (int)Math.Ceiling(left.TotalDays))} days. Import a new one on the Server certificate tab before then.";
    }

    /// <summary>Loads the stored certificate, or makes and stores a self-signed one when none is stored.</summary>
    public async Task EnsureAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var stored = await db.ServerCertificates.AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        if (stored is not null)
        {
            _current = Load(stored);
            return;
        }

        var made = MakeSelfSigned();
        db.ServerCertificates.Add(ToRecord(made, []));
        MarkSelfMade(db, made);
        await db.SaveChangesAsync(cancellationToken);
        _current = made;
        LogSelfSigned(logger, made.Subject, CertificateDetails.Fingerprint(made));
    }

    /// <summary>Replaces the certificate with the one in <paramref name="content"/> (PKCS#12 or PEM); a refused file changes nothing.</summary>
    public async Task<CertificateDetails> ImportAsync(Actor actor, byte[] content, string? password, CancellationToken cancellationToken = default)
    {
        actor.DemandAdministrator();
        TextLimits.Demand("password", "The password", password, TextLimits.Password);
        var pendingKey = await PendingKeyAsync(cancellationToken);
        var (certificate, chain) = CertificateFileReader.Read(content, password, pendingKey);
        Validate(certificate, time.GetUtcNow());

        var details = CertificateDetails.Of(certificate);
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await db.ServerCertificates.ExecuteDeleteAsync(cancellationToken);
            if (pendingKey is not null && KeyIs(certificate, pendingKey))
            {
                // The request is answered: its key now lives with the certificate.
                await db.NodeProperties.Where(p => p.Key == PendingKeyProperty).ExecuteDeleteAsync(cancellationToken);
            }

            db.ServerCertificates.Add(ToRecord(certificate, chain));
            audit.Add(db, actor, "certificate.import", null, $"{details.Subject} sha256 {details.Sha256}");
            await db.SaveChangesAsync(CancellationToken.None);
        }

        _current = certificate;
        LogReplaced(logger, details.Subject, details.Sha256, actor.UserName);
        return details;
    }

    /// <summary>Refuses a certificate that is not valid now, whose key is weak or of another type, or that does not match its key.</summary>
    public static void Validate(X509Certificate2 certificate, DateTimeOffset now)
    {
        var notBefore = certificate.NotBefore.ToUniversalTime();
        var notAfter = certificate.NotAfter.ToUniversalTime();
        if (now.UtcDateTime < notBefore || now.UtcDateTime > notAfter)
        {
            throw CertificateFileReader.Refused(
                $"The certificate is valid from {notBefore:u} to {notAfter:u}; it is {(now.UtcDateTime < notBefore ? "not yet valid" : "expired")}.");
        }

        using var rsa = certificate.GetRSAPublicKey();
        using var ecdsa = certificate.GetECDsaPublicKey();
        if (rsa is null && ecdsa is null)
        {
            throw CertificateFileReader.Refused("The certificate's key is neither RSA nor ECDSA.");
        }

        if (rsa is not null && rsa.KeySize < 2048)
        {
            throw CertificateFileReader.Refused($"The certificate's RSA key has {rsa.KeySize} bits; at least 2048 are needed.");
        }

        if (!KeyMatches(certificate))
        {
            throw CertificateFileReader.Refused("The private key does not belong to the certificate.");
        }
    }

    private static bool KeyMatches(X509Certificate2 certificate)
    {
        var probe = "orchestrator-console certificate key check"u8.ToArray();
        using (var rsa = certificate.GetRSAPrivateKey())
        {
            if (rsa is not null)
            {
                using var publicKey = certificate.GetRSAPublicKey()!;
                return publicKey.VerifyData(probe, rsa.SignData(probe, HashAlgorithmName.SHA256, RSASignaturePadding.Pss), HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
            }
        }

        using var ecdsa = certificate.GetECDsaPrivateKey();
        using var ecdsaPublic = certificate.GetECDsaPublicKey();
        return ecdsa is not null && ecdsaPublic is not null && ecdsaPublic.VerifyData(probe, ecdsa.SignData(probe, HashAlgorithmName.SHA256), HashAlgorithmName.SHA256);
    }

    private ServerCertificateRecord ToRecord(X509Certificate2 certificate, X509Certificate2Collection chain)
    {
        var pem = new StringBuilder(certificate.ExportCertificatePem()).Append('\n');
        foreach (var other in chain)
        {
            pem.Append(other.ExportCertificatePem()).Append('\n');
        }

        return new ServerCertificateRecord
        {
            CertificatePem = pem.ToString(),
            ProtectedPkcs12 = protector.Protect(Convert.ToBase64String(certificate.Export(X509ContentType.Pkcs12))),
            Sha256 = CertificateDetails.Fingerprint(certificate),
            UpdatedAt = time.GetUtcNow(),
        };
    }

    private X509Certificate2 Load(ServerCertificateRecord stored) =>
        X509CertificateLoader.LoadPkcs12(Convert.FromBase64String(protector.Unprotect(stored.ProtectedPkcs12)), null);

    [LoggerMessage(Level = LogLevel.Information, Message = "Made a self-signed server certificate {Subject} (sha256 {Sha256})")]
    private static partial void LogSelfSigned(ILogger logger, string subject, string sha256);

    [LoggerMessage(Level = LogLevel.Information, Message = "Server certificate replaced by {Subject} (sha256 {Sha256}) by {User}")]
    private static partial void LogReplaced(ILogger logger, string subject, string sha256, string user);
}
