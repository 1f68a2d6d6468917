using Microsoft.EntityFrameworkCore;
using OrchestratorConsole.Core.Data;
using OrchestratorConsole.Core.Features.Certificates;
using OrchestratorConsole.Core.Features.Cluster;
using OrchestratorConsole.Core.Features.Configuration;

namespace OrchestratorConsole.Core.Features.Notifications;

/// <summary>
/// Records <c>certificate-expiring</c> in the cluster's event log once per certificate, when the one this node serves
/// is within <see cref="ServerCertificateService.ExpiryWarning"/> of its end (an imported certificate, which is never
/// renewed, or the node's own while its renewal awaits approval). Every node checks its own, each minute while its
/// server runs (it needs the running server's cluster store).
/// </summary>
public sealed class CertificateExpiryNotice(
    ServerCertificateService certificate,
    RunningClusterStore running,
    Node.NodeIdentityService identity,
    ConfigurationService configuration,
    IDbContextFactory<SettingsDbContext> dbFactory)
{
    /// <summary>The node property holding the fingerprint of the certificate already told of.</summary>
    public const string ToldProperty = "notifications.certificate-expiring";

    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        if (certificate.ExpiryNotice() is not { } notice || certificate.Current is not { } served || running.Current is not { } store)
        {
            return;
        }

        var fingerprint = CertificateDetails.Fingerprint(served);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.PropertyAsync(ToldProperty, cancellationToken) == fingerprint)
        {
            return;
        }

        var name = (await configuration.GetAsync<GeneralSettings>(cancellationToken)).Settings.Name;
        await store.AddEventAsync(new NewClusterEvent(NotificationEvents.Kinds.CertificateExpiring, identity.NodeId, name, $"{name}: {notice}", identity.NodeId, null), cancellationToken);
        await db.SetPropertyAsync(ToldProperty, fingerprint, cancellationToken);
    }
}
