using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Data.Orchestrator;
using OrchestratorConsole.Core.Features.Certificates;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Database;

namespace OrchestratorConsole.Core.Features.Trust;

// A node that renews a self-signed certificate other nodes trusted by fingerprint asks them, through the shared
// database, to approve the new one; it keeps serving the old one (still trusted) until then. See docs/adr/0012.
public sealed partial class TrustService
{
    /// <summary>Renewed certificates awaiting approval; empty when the database cannot be read (nothing to decide there).</summary>
    public async Task<IReadOnlyList<CertificateApprovalView>> ListAwaitingAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await using var context = await OpenCurrentAsync(cancellationToken);
            return context is null
                ? []
                : (await context.CertificateApprovals.AsNoTracking().Where(a => a.Status == CertificateApprovalRecord.Awaiting).ToListAsync(cancellationToken))
                    .OrderBy(a => a.RequestedAt).Select(ApprovalView).ToList();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogApprovalsUnreadable(logger, ex.GetType().Name, ex.Message);
            return [];
        }
    }

    /// <summary>Trusts a renewed certificate awaiting approval, for the address of the one it replaces (which stays trusted).</summary>
    public async Task<TrustedCertificateView> ApproveAsync(Actor actor, string sha256, CancellationToken cancellationToken = default)
    {
        actor.DemandAdministrator();
        await using var context = await OpenAsync(cancellationToken);
        var approval = await AwaitingAsync(context, sha256, cancellationToken);
        var record = new TrustedCertificateRecord
        {
            Sha256 = approval.Sha256,
            Subject = approval.Subject,
            Issuer = approval.Issuer,
            NotAfter = approval.NotAfter,
            Pem = approval.Pem,
            Address = approval.Address,
            AddedBy = actor.UserName,
            AddedAt = time.GetUtcNow(),
        };
        context.CertificateApprovals.Remove(approval);
        if (!await context.TrustedCertificates.AnyAsync(t => t.Sha256 == record.Sha256, cancellationToken))
        {
            context.TrustedCertificates.Add(record);
        }

        await context.SaveChangesAsync(cancellationToken);
        await peers.RefreshAsync(force: true, CancellationToken.None);
        await audit.RecordAsync(actor, "trust.approve", null, $"{Describe(approval)}; sha256 {approval.ReplacesSha256} stays trusted", cancellationToken: CancellationToken.None);
        LogApproved(logger, approval.NodeName, approval.Sha256, actor.UserName);
        return View(record);
    }

    /// <summary>Refuses a renewed certificate: never trusted; its node keeps the old one and makes another later.</summary>
    public async Task RejectAsync(Actor actor, string sha256, CancellationToken cancellationToken = default)
    {
        actor.DemandAdministrator();
        await using var context = await OpenAsync(cancellationToken);
        var approval = await AwaitingAsync(context, sha256, cancellationToken);
        approval.Status = CertificateApprovalRecord.Rejected;
        approval.DecidedBy = actor.UserName;
        await context.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(actor, "trust.reject", null, Describe(approval), cancellationToken: CancellationToken.None);
        LogRejected(logger, approval.NodeName, approval.Sha256, actor.UserName);
    }

    /// <summary>Whether <paramref name="sha256"/> is in the trust list; false when the database has no current schema (nobody could pin it).</summary>
    public async Task<bool> IsTrustedAsync(string sha256, CancellationToken cancellationToken = default)
    {
        await using var context = await OpenCurrentAsync(cancellationToken);
        return context is not null && await context.TrustedCertificates.AnyAsync(t => t.Sha256 == sha256, cancellationToken);
    }

    /// <summary>Asks for <paramref name="renewed"/> to be approved in place of the trusted <paramref name="replacesSha256"/> (again, if asked before).</summary>
    public async Task RequestApprovalAsync(X509Certificate2 renewed, string replacesSha256, Guid nodeId, string nodeName, CancellationToken cancellationToken = default)
    {
        var details = CertificateDetails.Of(renewed);
        await using var context = await OpenAsync(cancellationToken);
        var replaced = await context.TrustedCertificates.AsNoTracking().FirstOrDefaultAsync(t => t.Sha256 == replacesSha256, cancellationToken);
        await context.CertificateApprovals.Where(a => a.Sha256 == details.Sha256).ExecuteDeleteAsync(cancellationToken);
        context.CertificateApprovals.Add(new CertificateApprovalRecord
        {
            Sha256 = details.Sha256,
            Subject = details.Subject,
            Issuer = details.Issuer,
            NotBefore = details.NotBefore,
            NotAfter = details.NotAfter,
            Pem = renewed.ExportCertificatePem(),
            NodeId = nodeId,
            NodeName = nodeName,
            ReplacesSha256 = replacesSha256,
            Address = replaced?.Address,
            Status = CertificateApprovalRecord.Awaiting,
            RequestedAt = time.GetUtcNow(),
        });
        await context.SaveChangesAsync(cancellationToken);
    }

    /// <summary>What became of the request for <paramref name="sha256"/>.</summary>
    public async Task<RenewalDecision> DecisionAsync(string sha256, CancellationToken cancellationToken = default)
    {
        await using var context = await OpenAsync(cancellationToken);
        if (await context.TrustedCertificates.AnyAsync(t => t.Sha256 == sha256, cancellationToken))
        {
            return RenewalDecision.Approved;
        }

        var status = await context.CertificateApprovals.Where(a => a.Sha256 == sha256).Select(a => a.Status).FirstOrDefaultAsync(cancellationToken);
        return status switch
        {
            CertificateApprovalRecord.Awaiting => RenewalDecision.Awaiting,
            CertificateApprovalRecord.Rejected => RenewalDecision.Rejected,
            _ => RenewalDecision.Unknown,
        };
    }

    /// <summary>Removes the request for <paramref name="sha256"/> once its node has acted on the decision.</summary>
    public async Task ForgetApprovalAsync(string sha256, CancellationToken cancellationToken = default)
    {
        await using var context = await OpenAsync(cancellationToken);
        await context.CertificateApprovals.Where(a => a.Sha256 == sha256).ExecuteDeleteAsync(cancellationToken);
    }

    private static async Task<CertificateApprovalRecord> AwaitingAsync(OrchestratorDbContext context, string sha256, CancellationToken cancellationToken)
    {
        var key = sha256.Trim().ToLowerInvariant();
        return await context.CertificateApprovals.FirstOrDefaultAsync(a => a.Sha256 == key && a.Status == CertificateApprovalRecord.Awaiting, cancellationToken)
            ?? throw new NotFoundException($"No renewed certificate with SHA-256 {key} awaits approval.");
    }

    /// <summary>The Orchestrator database when its schema is current; null when it is not (no trust list to read yet).</summary>
    private async Task<OrchestratorDbContext?> OpenCurrentAsync(CancellationToken cancellationToken)
    {
        var settings = (await configuration.GetAsync<DatabaseSettings>(cancellationToken)).Settings;
        return (await schema.GetStatusAsync(settings, cancellationToken)).IsCurrent ? database.CreateContext(settings) : null;
    }

    private static string Describe(CertificateApprovalRecord a) =>
        $"{a.Subject} sha256 {a.Sha256} of node {a.NodeName}, valid until {a.NotAfter:yyyy-MM-dd}, replacing sha256 {a.ReplacesSha256}";

    private static CertificateApprovalView ApprovalView(CertificateApprovalRecord a) =>
        new(a.Sha256, a.Subject, a.Issuer, a.NotBefore, a.NotAfter, a.NodeId, a.NodeName, a.ReplacesSha256, a.Address, a.RequestedAt);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Renewed certificates awaiting approval could not be read ({Error}: {Message})")]
    private static partial void LogApprovalsUnreadable(ILogger logger, string error, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "The renewed certificate of node {Node} (SHA-256 {Sha256}) was approved by {User}")]
    private static partial void LogApproved(ILogger logger, string node, string sha256, string user);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The renewed certificate of node {Node} (SHA-256 {Sha256}) was rejected by {User}")]
    private static partial void LogRejected(ILogger logger, string node, string sha256, string user);
}
