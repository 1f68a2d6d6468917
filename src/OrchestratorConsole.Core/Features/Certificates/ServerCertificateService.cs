using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Data;
using OrchestratorConsole.Core.Features.Audit;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Node;
using OrchestratorConsole.Core.Features.Trust;

namespace OrchestratorConsole.Core.Features.Certificates;

/// <summary>
/// This node's server certificate: made at first start when none is stored, replaced by an administrator's import, and
/// handed to the HTTPS listener for every new connection (so a replacement is served without a restart).
/// </summary>
public sealed partial class ServerCertificateService(
    IDbContextFactory<SettingsDbContext> dbFactory,
    SecretProtector protector,
    AuditService audit,
    TrustService trust,
    NodeIdentityService identity,
    ConfigurationService configuration,
    TimeProvider time,
    ILogger<ServerCertificateService> logger,
    IServiceProvider services)
{
    /// <summary>The served certificate with its chain, swapped as one so that a handshake never mixes two.</summary>
    private sealed record Serving(X509Certificate2 Certificate, Lazy<SslStreamCertificateContext> Context);

    private volatile Serving? _serving;

    /// <summary>The certificate with its key, or null before <see cref="EnsureAsync"/> ran.</summary>
    public X509Certificate2? Current => _serving?.Certificate;

    /// <summary>
    /// The certificate with the intermediates of its chain, as a TLS handshake sends them; null before
    /// <see cref="EnsureAsync"/> ran. Built once per certificate, at its first handshake: building the chain is a
    /// sizeable part of a start, and a node that listens only on plain HTTP (loopback) never needs it.
    /// </summary>
    public SslStreamCertificateContext? Context => _serving?.Context.Value;

    /// <summary>The current certificate's details; throws before <see cref="EnsureAsync"/> ran.</summary>
    public CertificateDetails Details =>
        CertificateDetails.Of(Current ?? throw new InvalidOperationException("The server certificate is not loaded yet."));

    /// <summary>How long before its end a certificate is warned about.</summary>
    public static readonly TimeSpan ExpiryWarning = TimeSpan.FromDays(30);

    /// <summary>A warning when the served certificate ends within <see cref="ExpiryWarning"/> (or has ended); null otherwise.</summary>
    public string? ExpiryNotice()
    {
        if (Current is not { } served)
        {
            return null;
        }

        var details = CertificateDetails.Of(served);
        var left = details.NotAfter - time.GetUtcNow();
        return left > ExpiryWarning
            ? null
            : left <= TimeSpan.Zero
                ? $"The server certificate {details.Subject} expired on {details.NotAfter:yyyy-MM-dd}: browsers and other nodes refuse it. Import a new one on the Server certificate tab."
                : $"The server certificate {details.Subject} expires on {details.NotAfter:yyyy-MM-dd}, in {Math.Max(1, (int)Math.Ceiling(left.TotalDays))} days. " + (_awaitingApproval is { } renewed
                    ? $"The node renewed it (SHA-256 {renewed.Sha256}); the new one awaits approval on the SSL trust page, and is served anyway a day before the end."
                    : "Import a new one on the Server certificate tab before then.");
    }

    /// <summary>Loads the stored certificate, or makes and stores a self-signed one when none is stored.</summary>
    public async Task EnsureAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var stored = await db.ServerCertificates.AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        if (stored is not null)
        {
            Serve(Load(stored), ChainOf(stored));
            await LoadAwaitingAsync(db, cancellationToken);
            return;
        }

        var made = MakeSelfSigned();
        db.ServerCertificates.Add(ToRecord(made, []));
        await db.SetPropertyAsync(SelfMadeProperty, CertificateDetails.Fingerprint(made), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        Serve(made, []);
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

        var details = await ReplaceAsync(certificate, chain, actor, "certificate.import", string.Empty, async db =>
        {
            if (pendingKey is not null && KeyIs(certificate, pendingKey))
            {
                // The request is answered: its key now lives with the certificate.
                await db.NodeProperties.Where(p => p.Key == PendingKeyProperty).ExecuteDeleteAsync(cancellationToken);
            }
        }, cancellationToken);
        LogReplaced(logger, details.Subject, details.Sha256, actor.UserName);
        return details;
    }

    /// <summary>
    /// Stores <paramref name="certificate"/> in place of the served one, with its audit entry, in one transaction (a
    /// failure leaves the old row), then serves it. <paramref name="alongside"/> adds changes of the same transaction.
    /// </summary>
    private async Task<CertificateDetails> ReplaceAsync(
        X509Certificate2 certificate, X509Certificate2Collection chain, Actor actor, string action, string detail, Func<SettingsDbContext, Task> alongside, CancellationToken cancellationToken)
    {
        var details = CertificateDetails.Of(certificate);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.ServerCertificates.ExecuteDeleteAsync(cancellationToken);
            await alongside(db);
            db.ServerCertificates.Add(ToRecord(certificate, chain));
            audit.Add(db, actor, action, null, $"{details.Subject} sha256 {details.Sha256}{detail}");
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(CancellationToken.None);
        });
        Serve(certificate, chain);
        return details;
    }

    private void Serve(X509Certificate2 certificate, X509Certificate2Collection chain) =>
        // Offline: the chain is what was imported with the certificate; nothing is fetched to complete it.
        _serving = new Serving(certificate, new Lazy<SslStreamCertificateContext>(() => SslStreamCertificateContext.Create(certificate, chain, offline: true)));

    /// <summary>Refuses a certificate that is not valid now, whose key is weak or of another type, or that does not match its key.</summary>
    public static void Validate(X509Certificate2 certificate, DateTimeOffset now)
    {
        var details = CertificateDetails.Of(certificate);
        if (!details.IsValidAt(now))
        {
            throw CertificateFileReader.Refused(
                $"The certificate is valid from {details.NotBefore:u} to {details.NotAfter:u}; it is {(now < details.NotBefore ? "not yet valid" : "expired")}.");
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
            ProtectedPkcs12 = Protect(certificate),
            Sha256 = CertificateDetails.Fingerprint(certificate),
            UpdatedAt = time.GetUtcNow(),
        };
    }

    private X509Certificate2 Load(ServerCertificateRecord stored) => FromProtected(stored.ProtectedPkcs12);

    /// <summary>The certificate with its key from its encrypted PKCS#12 (see <see cref="Protect"/>).</summary>
    private X509Certificate2 FromProtected(string protectedPkcs12) =>
        X509CertificateLoader.LoadPkcs12(Convert.FromBase64String(protector.Unprotect(protectedPkcs12)), null);

    /// <summary>The certificate with its key as PKCS#12, encrypted with the node's key ring.</summary>
    private string Protect(X509Certificate2 certificate) =>
        protector.Protect(Convert.ToBase64String(certificate.Export(X509ContentType.Pkcs12)));

    /// <summary>The chain stored after the certificate in <see cref="ServerCertificateRecord.CertificatePem"/>.</summary>
    private static X509Certificate2Collection ChainOf(ServerCertificateRecord stored)
    {
        var all = new X509Certificate2Collection();
        all.ImportFromPem(stored.CertificatePem);
        var chain = new X509Certificate2Collection();
        chain.AddRange(all.Skip(1).ToArray());
        return chain;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Made a self-signed server certificate {Subject} (sha256 {Sha256})")]
    private static partial void LogSelfSigned(ILogger logger, string subject, string sha256);

    [LoggerMessage(Level = LogLevel.Information, Message = "Server certificate replaced by {Subject} (sha256 {Sha256}) by {User}")]
    private static partial void LogReplaced(ILogger logger, string subject, string sha256, string user);
}
