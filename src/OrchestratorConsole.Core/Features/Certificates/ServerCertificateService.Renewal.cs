using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Data;
using OrchestratorConsole.Core.Features.Node;
using OrchestratorConsole.Core.Features.PlugIns;

namespace OrchestratorConsole.Core.Features.Certificates;

// The node's own self-signed certificate is renewed before it ends; a certificate an administrator imported never is.
// Other nodes that trusted the old one by fingerprint refuse the new one, naming both, until an administrator
// approves it (the old one stays in their trust list until then).
public sealed partial class ServerCertificateService
{
    /// <summary>The node property holding the fingerprint of the certificate this node made for itself.</summary>
    public const string SelfMadeProperty = "certificate.self-made";

    /// <summary>One renewal at a time: the hourly check and a caller never both replace the certificate.</summary>
    private readonly SemaphoreSlim _renewing = new(1, 1);

    /// <summary>
    /// Replaces the served certificate with a new self-signed one when it is the node's own and ends within
    /// <see cref="ExpiryWarning"/>; returns the new certificate's details, or null when nothing was due.
    /// </summary>
    public async Task<CertificateDetails?> RenewIfDueAsync(CancellationToken cancellationToken = default)
    {
        await _renewing.WaitAsync(cancellationToken);
        try
        {
            return await RenewAsync(cancellationToken);
        }
        finally
        {
            _renewing.Release();
        }
    }

    private async Task<CertificateDetails?> RenewAsync(CancellationToken cancellationToken)
    {
        if (_current is not { } served || served.NotAfter.ToUniversalTime() - time.GetUtcNow().UtcDateTime > ExpiryWarning)
        {
            return null;
        }

        var old = CertificateDetails.Of(served);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var selfMade = await db.NodeProperties.AsNoTracking().Where(p => p.Key == SelfMadeProperty).Select(p => p.Value).FirstOrDefaultAsync(cancellationToken);
        if (selfMade != old.Sha256)
        {
            return null;
        }

        var made = MakeSelfSigned();
        await db.ServerCertificates.ExecuteDeleteAsync(cancellationToken);
        db.ServerCertificates.Add(ToRecord(made, []));
        MarkSelfMade(db, made);
        var renewed = CertificateDetails.Of(made);
        audit.Add(db, Actor.System, "certificate.renew", null, $"{renewed.Subject} sha256 {renewed.Sha256}, valid until {renewed.NotAfter:yyyy-MM-dd}; replaces sha256 {old.Sha256}, which ended {old.NotAfter:yyyy-MM-dd}");
        await db.SaveChangesAsync(CancellationToken.None);
        _current = made;
        LogRenewed(logger, renewed.Subject, renewed.Sha256, old.Sha256);
        return renewed;
    }

    // The node's address is looked up when needed: it reads the HTTPS listener, which is built with this service.
    private X509Certificate2 MakeSelfSigned() => SelfSignedCertificate.Create(
        Dns.GetHostName(),
        services.GetRequiredService<NodeAddress>().CertificateNames,
        time.GetUtcNow());

    /// <summary>Records <paramref name="made"/> as the node's own, so that it is renewed in time.</summary>
    private static void MarkSelfMade(SettingsDbContext db, X509Certificate2 made)
    {
        var sha256 = CertificateDetails.Fingerprint(made);
        var property = db.NodeProperties.Local.FirstOrDefault(p => p.Key == SelfMadeProperty) ?? db.NodeProperties.FirstOrDefault(p => p.Key == SelfMadeProperty);
        if (property is null)
        {
            db.NodeProperties.Add(new NodeProperty { Key = SelfMadeProperty, Value = sha256 });
        }
        else
        {
            property.Value = sha256;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewed the node's self-signed server certificate: now {Subject} (sha256 {Sha256}), replacing sha256 {Old}; nodes that trusted the old one must approve the new one")]
    private static partial void LogRenewed(ILogger logger, string subject, string sha256, string old);
}
