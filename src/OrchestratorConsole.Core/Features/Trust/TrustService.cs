using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Data.Orchestrator;
using OrchestratorConsole.Core.Features.Audit;
using OrchestratorConsole.Core.Features.Certificates;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Database;

namespace OrchestratorConsole.Core.Features.Trust;

/// <summary>
/// The SSL trust list: certificates of other nodes (or of any server this node calls) that the cluster accepts
/// although no authority of the system store vouches for them. Kept in the cluster's shared Orchestrator database,
/// so one approval counts on every node; every change is audited.
/// </summary>
public sealed partial class TrustService(
    OrchestratorDatabase database,
    OrchestratorSchemaService schema,
    ConfigurationService configuration,
    PeerTrust peers,
    DatabaseCertificateTrust databaseTrust,
    AuditService audit,
    TimeProvider time,
    ILogger<TrustService> logger)
{
    /// <summary>A PEM certificate is at most this long.</summary>
    public const int MaxPemLength = 16 * 1024;

    private static readonly TimeSpan FetchTimeout = TimeSpan.FromSeconds(10);

    public async Task<IReadOnlyList<TrustedCertificateView>> ListAsync(CancellationToken cancellationToken = default)
    {
        await peers.RefreshAsync(force: true, cancellationToken);
        return peers.Entries.Select(View).ToList();
    }

    /// <summary>Trusts the certificate that <paramref name="url"/> presents (vCO's import from URL).</summary>
    public async Task<TrustedCertificateView> TrustUrlAsync(Actor actor, string? url, CancellationToken cancellationToken = default)
    {
        actor.DemandAdministrator();
        var (origin, certificate) = await FetchAsync(url, cancellationToken);
        return await AddAsync(actor, certificate, origin, cancellationToken);
    }

    /// <summary>Trusts a certificate given as PEM (one certificate, no key).</summary>
    public async Task<TrustedCertificateView> TrustPemAsync(Actor actor, string? pem, CancellationToken cancellationToken = default)
    {
        actor.DemandAdministrator();
        return await AddAsync(actor, ReadPem(pem), null, cancellationToken);
    }

    /// <summary>
    /// Trusts a certificate another node presented to a call an administrator approved (Join's prompt), for the
    /// address it was presented at; a certificate trusted for that address before is replaced.
    /// </summary>
    public Task<TrustedCertificateView> TrustPresentedAsync(Actor actor, X509Certificate2 certificate, Uri? address, CancellationToken cancellationToken = default) =>
        AddAsync(actor, certificate, address is null ? null : PeerTrust.Origin(address), cancellationToken);

    public async Task RemoveAsync(Actor actor, string sha256, CancellationToken cancellationToken = default)
    {
        actor.DemandAdministrator();
        var key = sha256.Trim().ToLowerInvariant();
        await using var context = await OpenAsync(cancellationToken);
        var removed = await context.TrustedCertificates.FirstOrDefaultAsync(t => t.Sha256 == key, cancellationToken)
            ?? throw new NotFoundException($"No certificate with SHA-256 {key} is in the SSL trust list.");
        context.TrustedCertificates.Remove(removed);
        await context.SaveChangesAsync(cancellationToken);
        await peers.RefreshAsync(force: true, CancellationToken.None);
        await audit.RecordAsync(actor, "trust.remove", null, $"{removed.Subject} sha256 {removed.Sha256}{(removed.Address is null ? string.Empty : $" ({removed.Address})")}", cancellationToken: CancellationToken.None);
        LogRemoved(logger, removed.Subject, removed.Sha256, actor.UserName);
    }

    /// <summary>
    /// Gives an Orchestrator database whose schema was just installed the SSL trust list this node knew, when it has
    /// none: a node moved to a new database in VerifyFull keeps the certificates its connections there were checked
    /// against, instead of reading an empty list and refusing the database at the next connection.
    /// </summary>
    public async Task CarryIntoAsync(DatabaseSettings settings, CancellationToken cancellationToken = default)
    {
        var known = databaseTrust.Copy;
        if (known.Count == 0 || settings.Type == DatabaseType.SqlServer)
        {
            return;
        }

        await using (var context = database.CreateContext(settings))
        {
            if (await context.TrustedCertificates.AnyAsync(cancellationToken))
            {
                return;
            }

            context.TrustedCertificates.AddRange(known.Select(k => new TrustedCertificateRecord
            {
                Sha256 = k.Sha256, Subject = k.Subject, Issuer = k.Issuer, NotAfter = k.NotAfter, Pem = k.Pem, Address = k.Address, AddedBy = k.AddedBy, AddedAt = k.AddedAt,
            }));
            await context.SaveChangesAsync(cancellationToken);
        }

        await peers.RefreshAsync(force: true, CancellationToken.None);
        LogCarried(logger, known.Count);
    }

    /// <summary>
    /// The certificate <paramref name="url"/> presents, whatever vouches for it (to be shown before it is trusted).
    /// Only the address the administrator typed is contacted.
    /// </summary>
    public async Task<(string Origin, X509Certificate2 Certificate)> FetchAsync(string? url, CancellationToken cancellationToken = default)
    {
        TextLimits.Demand("url", "The address", url, TextLimits.Address);
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            throw ValidationFailedException.For("url", "The address must be an absolute https address, for example https://node1.example.com:8283.");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(FetchTimeout);
        X509Certificate2? presented = null;
        try
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(uri.IdnHost, uri.Port, timeout.Token);
            await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = uri.IdnHost,
                // Only looked at: nothing is sent over this connection.
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    presented = certificate is null ? null : new X509Certificate2(certificate);
                    return true;
                },
            }, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ConflictException($"{PeerTrust.Origin(uri)} did not complete a TLS handshake within {FetchTimeout.TotalSeconds:0} s. Nothing was trusted.", "No certificate");
        }
        catch (Exception ex) when (ex is SocketException or IOException or System.Security.Authentication.AuthenticationException)
        {
            throw new ConflictException($"No certificate could be read from {PeerTrust.Origin(uri)}: {ex.Message} Nothing was trusted.", "No certificate");
        }

        return (PeerTrust.Origin(uri), presented ?? throw new ConflictException($"{PeerTrust.Origin(uri)} presented no certificate. Nothing was trusted.", "No certificate"));
    }

    /// <summary>One certificate from PEM text; a key, several certificates or anything else is refused.</summary>
    public static X509Certificate2 ReadPem(string? pem)
    {
        if (string.IsNullOrWhiteSpace(pem))
        {
            throw ValidationFailedException.For("pem", "Paste one certificate in PEM form (-----BEGIN CERTIFICATE----- …).");
        }

        if (pem.Length > MaxPemLength)
        {
            throw ValidationFailedException.For("pem", $"The PEM text is at most {MaxPemLength} characters; this one has {pem.Length}.");
        }

        if (pem.Contains("PRIVATE KEY", StringComparison.Ordinal))
        {
            throw ValidationFailedException.For("pem", "The PEM text holds a private key: the trust list takes the certificate only. Nothing was trusted.");
        }

        try
        {
            var certificates = new X509Certificate2Collection();
            certificates.ImportFromPem(pem);
            return certificates.Count == 1
                ? certificates[0]
                : throw ValidationFailedException.For("pem", certificates.Count == 0 ? "The text holds no PEM certificate." : $"The text holds {certificates.Count} certificates; trust them one at a time.");
        }
        catch (CryptographicException ex)
        {
            throw ValidationFailedException.For("pem", $"The PEM certificate could not be read: {ex.Message}");
        }
    }

    private async Task<TrustedCertificateView> AddAsync(Actor actor, X509Certificate2 certificate, string? origin, CancellationToken cancellationToken)
    {
        actor.DemandAdministrator();
        var details = CertificateDetails.Of(certificate);
        if (!details.IsValidAt(time.GetUtcNow()))
        {
            throw ValidationFailedException.For("certificate", details.NotAfter < time.GetUtcNow()
                ? $"The certificate {details.Subject} expired on {details.NotAfter:yyyy-MM-dd}; an expired certificate is never trusted. Nothing was trusted."
                : $"The certificate {details.Subject} is valid only from {details.NotBefore:u}; a certificate not yet valid is never trusted. Nothing was trusted.");
        }

        await using var context = await OpenAsync(cancellationToken);
        var replaced = origin is null
            ? []
            : await context.TrustedCertificates.Where(t => t.Address == origin && t.Sha256 != details.Sha256).ToListAsync(cancellationToken);
        context.TrustedCertificates.RemoveRange(replaced);
        var record = await context.TrustedCertificates.FirstOrDefaultAsync(t => t.Sha256 == details.Sha256, cancellationToken);
        if (record is null)
        {
            record = new TrustedCertificateRecord
            {
                Sha256 = details.Sha256,
                Subject = details.Subject,
                Issuer = details.Issuer,
                NotAfter = details.NotAfter,
                Pem = certificate.ExportCertificatePem(),
                Address = origin,
                AddedBy = actor.UserName,
                AddedAt = time.GetUtcNow(),
            };
            context.TrustedCertificates.Add(record);
        }
        else
        {
            record.Address = origin ?? record.Address;
        }

        await context.SaveChangesAsync(cancellationToken);
        await peers.RefreshAsync(force: true, CancellationToken.None);
        var replacedText = replaced.Count == 0 ? string.Empty : $"; replaces {string.Join(", ", replaced.Select(r => "sha256 " + r.Sha256))}";
        await audit.RecordAsync(actor, "trust.add", null, $"{details.Subject} sha256 {details.Sha256}{(origin is null ? string.Empty : $" for {origin}")}{replacedText}", cancellationToken: CancellationToken.None);
        LogAdded(logger, details.Subject, details.Sha256, actor.UserName);
        return View(record);
    }

    /// <summary>The Orchestrator database the node is configured for, refused while its schema is not current.</summary>
    private async Task<OrchestratorDbContext> OpenAsync(CancellationToken cancellationToken)
    {
        var settings = (await configuration.GetAsync<DatabaseSettings>(cancellationToken)).Settings;
        SchemaStatus status;
        try
        {
            status = await schema.GetStatusAsync(settings, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not ConsoleException)
        {
            throw new ConflictException($"The Orchestrator database, which keeps the SSL trust list, did not answer: {ex.Message} Nothing was changed.", "Database not reachable");
        }

        return status.IsCurrent
            ? database.CreateContext(settings)
            : throw new ConflictException($"The Orchestrator database keeps the SSL trust list, and its schema is at version {status.CurrentVersion} of {status.TargetVersion}: install or upgrade it on the Database tab first. Nothing was changed.", "Schema not current");
    }

    private static TrustedCertificateView View(TrustedCertificateRecord r) => new(r.Sha256, r.Subject, r.Issuer, r.NotAfter, r.Address, r.AddedBy, r.AddedAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Certificate {Subject} (SHA-256 {Sha256}) added to the SSL trust list by {User}")]
    private static partial void LogAdded(ILogger logger, string subject, string sha256, string user);

    [LoggerMessage(Level = LogLevel.Information, Message = "The new Orchestrator database starts with the {Count} certificate(s) of this node's SSL trust list")]
    private static partial void LogCarried(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Certificate {Subject} (SHA-256 {Sha256}) removed from the SSL trust list by {User}")]
    private static partial void LogRemoved(ILogger logger, string subject, string sha256, string user);
}
