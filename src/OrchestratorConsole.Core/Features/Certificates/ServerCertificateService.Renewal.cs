using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Data;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Node;
using OrchestratorConsole.Core.Features.Trust;

namespace OrchestratorConsole.Core.Features.Certificates;

// The node's own self-signed certificate is renewed before it ends; a certificate an administrator imported never is.
// When other nodes trusted the old one by fingerprint (it is in the shared trust list), the new one waits for an
// administrator's approval while the old one, still valid, is served; see docs/adr/0012.
public sealed partial class ServerCertificateService
{
    /// <summary>The node property holding the fingerprint of the certificate this node made for itself.</summary>
    public const string SelfMadeProperty = "certificate.self-made";

    /// <summary>The node property holding a renewed certificate awaiting approval, with its key, encrypted with the key ring.</summary>
    public const string AwaitingApprovalProperty = "certificate.renewal";

    /// <summary>Within this time of the old certificate's end the renewed one is served even without approval.</summary>
    public static readonly TimeSpan LastCall = TimeSpan.FromHours(24);

    /// <summary>One renewal at a time: the hourly check and a caller never both replace the certificate.</summary>
    private readonly SemaphoreSlim _renewing = new(1, 1);

    private volatile CertificateDetails? _awaitingApproval;

    /// <summary>The renewed certificate this node waits to have approved before serving it; null when none.</summary>
    public CertificateDetails? AwaitingApproval => _awaitingApproval;

    /// <summary>
    /// Renews the served certificate when it is the node's own and ends within <see cref="ExpiryWarning"/>: at once when
    /// no other node trusted it by fingerprint, otherwise once an administrator approves the new one (or within
    /// <see cref="LastCall"/> of the old one's end). Returns the details of a certificate it started serving, or null.
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
        if (Current is not { } served || served.NotAfter.ToUniversalTime() - time.GetUtcNow().UtcDateTime > ExpiryWarning)
        {
            return null;
        }

        var old = CertificateDetails.Of(served);
        string? selfMade, awaiting;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            selfMade = await db.PropertyAsync(SelfMadeProperty, cancellationToken);
            awaiting = await db.PropertyAsync(AwaitingApprovalProperty, cancellationToken);
        }

        if (selfMade != old.Sha256)
        {
            return null;
        }

        var lastCall = old.NotAfter - time.GetUtcNow() <= LastCall;
        if (awaiting is null)
        {
            var made = MakeSelfSigned();
            return lastCall || !await trust.IsTrustedAsync(old.Sha256, cancellationToken)
                ? await SwitchAsync(made, old, "certificate.renew", string.Empty, cancellationToken)
                : await AskApprovalAsync(made, old, cancellationToken);
        }

        var renewed = FromProtected(awaiting);
        var sha256 = CertificateDetails.Fingerprint(renewed);
        var decision = await DecisionAsync(sha256, lastCall, cancellationToken);
        if (decision == RenewalDecision.Approved)
        {
            return await SwitchAsync(renewed, old, "certificate.renew", "; approved", cancellationToken);
        }

        if (decision == RenewalDecision.Rejected)
        {
            await DiscardAsync(renewed, cancellationToken);
            return null;
        }

        if (lastCall)
        {
            LogServedUnapproved(logger, sha256, old.NotAfter);
            return await SwitchAsync(renewed, old, "certificate.renew.unapproved", $"; not approved, served {LastCall.TotalHours:0} h before the old one ends", cancellationToken);
        }

        if (!await trust.IsTrustedAsync(old.Sha256, cancellationToken))
        {
            // Nobody pins the old certificate any more (removed, or the node now uses another database): nobody to ask.
            await trust.ForgetApprovalAsync(sha256, cancellationToken);
            return await SwitchAsync(renewed, old, "certificate.renew", "; the old one is no longer trusted by fingerprint", cancellationToken);
        }

        if (decision == RenewalDecision.Unknown)
        {
            // The request never reached the shared database: ask again.
            await trust.RequestApprovalAsync(renewed, old.Sha256, identity.NodeId, await NodeNameAsync(cancellationToken), cancellationToken);
        }

        return null;
    }

    /// <summary>The decision on the renewed certificate; on the last call a database that does not answer counts as no decision.</summary>
    private async Task<RenewalDecision> DecisionAsync(string sha256, bool lastCall, CancellationToken cancellationToken)
    {
        try
        {
            return await trust.DecisionAsync(sha256, cancellationToken);
        }
        catch (Exception ex) when (lastCall && ex is not OperationCanceledException)
        {
            return RenewalDecision.Awaiting;
        }
    }

    /// <summary>Keeps <paramref name="made"/> (with its key) on this node and asks, in the shared database, for its approval.</summary>
    private async Task<CertificateDetails?> AskApprovalAsync(X509Certificate2 made, CertificateDetails old, CancellationToken cancellationToken)
    {
        var renewed = CertificateDetails.Of(made);
        // Kept here first: a request the shared database missed is written again at the next check.
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await db.SetPropertyAsync(AwaitingApprovalProperty, Protect(made), cancellationToken);
            audit.Add(db, Actor.System, "certificate.renew.request", null, $"{renewed.Subject} sha256 {renewed.Sha256}, valid until {renewed.NotAfter:yyyy-MM-dd}, awaits approval to replace sha256 {old.Sha256}, which ends {old.NotAfter:yyyy-MM-dd}");
            await db.SaveChangesAsync(CancellationToken.None);
        }

        _awaitingApproval = renewed;
        await trust.RequestApprovalAsync(made, old.Sha256, identity.NodeId, await NodeNameAsync(cancellationToken), cancellationToken);
        LogAwaitingApproval(logger, renewed.Sha256, old.Sha256);
        return null;
    }

    /// <summary>Drops a rejected certificate; the next hourly check makes another and asks again.</summary>
    private async Task DiscardAsync(X509Certificate2 rejected, CancellationToken cancellationToken)
    {
        var sha256 = CertificateDetails.Fingerprint(rejected);
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await db.NodeProperties.Where(p => p.Key == AwaitingApprovalProperty).ExecuteDeleteAsync(cancellationToken);
            audit.Add(db, Actor.System, "certificate.renew.discard", null, $"sha256 {sha256} was rejected; the served certificate stays");
            await db.SaveChangesAsync(CancellationToken.None);
        }

        _awaitingApproval = null;
        await trust.ForgetApprovalAsync(sha256, CancellationToken.None);
        LogDiscarded(logger, sha256);
    }

    private async Task<CertificateDetails> SwitchAsync(X509Certificate2 made, CertificateDetails old, string action, string detail, CancellationToken cancellationToken)
    {
        var renewed = await ReplaceAsync(made, [], Actor.System, action, $", valid until {made.NotAfter.ToUniversalTime():yyyy-MM-dd}; replaces sha256 {old.Sha256}, which ends {old.NotAfter:yyyy-MM-dd}{detail}", async db =>
        {
            await db.SetPropertyAsync(SelfMadeProperty, CertificateDetails.Fingerprint(made), cancellationToken);
            await db.NodeProperties.Where(p => p.Key == AwaitingApprovalProperty).ExecuteDeleteAsync(cancellationToken);
        }, cancellationToken);
        _awaitingApproval = null;
        LogRenewed(logger, renewed.Subject, renewed.Sha256, old.Sha256);
        return renewed;
    }

    /// <summary>Reads back a renewal awaiting approval at start, so that the check polls for the decision.</summary>
    private async Task LoadAwaitingAsync(SettingsDbContext db, CancellationToken cancellationToken) =>
        _awaitingApproval = await db.PropertyAsync(AwaitingApprovalProperty, cancellationToken) is { } awaiting
            ? CertificateDetails.Of(FromProtected(awaiting))
            : null;

    private async Task<string> NodeNameAsync(CancellationToken cancellationToken) =>
        (await configuration.GetAsync<GeneralSettings>(cancellationToken)).Settings.Name;

    // The node's address is looked up when needed: it reads the HTTPS listener, which is built with this service.
    private X509Certificate2 MakeSelfSigned() => SelfSignedCertificate.Create(
        Dns.GetHostName(),
        services.GetRequiredService<NodeAddress>().CertificateNames,
        time.GetUtcNow());

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewed the node's self-signed server certificate: now {Subject} (sha256 {Sha256}), replacing sha256 {Old}")]
    private static partial void LogRenewed(ILogger logger, string subject, string sha256, string old);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewed the node's self-signed server certificate (sha256 {Sha256}); other nodes trust sha256 {Old}, which stays served until an administrator approves the new one on the SSL trust page")]
    private static partial void LogAwaitingApproval(ILogger logger, string sha256, string old);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The renewed server certificate sha256 {Sha256} was never approved; it is served anyway, as the old one ends at {End}")]
    private static partial void LogServedUnapproved(ILogger logger, string sha256, DateTimeOffset end);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The renewed server certificate sha256 {Sha256} was rejected; the served certificate stays, and another is made at the next check")]
    private static partial void LogDiscarded(ILogger logger, string sha256);
}
