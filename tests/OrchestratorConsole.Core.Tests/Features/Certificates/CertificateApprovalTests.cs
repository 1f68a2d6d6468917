using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using OrchestratorConsole.Core.Features.Audit;
using OrchestratorConsole.Core.Features.Certificates;
using OrchestratorConsole.Core.Features.Trust;

namespace OrchestratorConsole.Core.Tests.Features.Certificates;

/// <summary>
/// The node's own certificate is pinned in the shared trust list (other nodes trusted it by fingerprint): its renewal
/// waits for an administrator's approval while the old certificate is served, and is served anyway a day before the
/// old one ends.
/// </summary>
public sealed class CertificateApprovalTests() : ServerCertificateTest(NodeStore.Sqlite)
{
    private FakeTimeProvider Clock => (FakeTimeProvider)Node.Get<TimeProvider>();

    private TrustService Trust => Node.Get<TrustService>();

    /// <summary>Pins the served certificate as a joined node would, and moves the clock to 29 days before its end.</summary>
    private async Task<CertificateDetails> PinnedAndDueAsync()
    {
        var first = Certificates.Details;
        await Trust.TrustPemAsync(TestActors.Administrator(), Certificates.Current!.ExportCertificatePem(), Ct);
        Clock.Advance(TimeSpan.FromDays(365 - 29));
        Assert.Null(await Certificates.RenewIfDueAsync(Ct));
        return first;
    }

    [Fact]
    public async Task A_pinned_certificate_s_renewal_waits_for_approval_while_the_old_one_is_served_then_the_new_one_is_served()
    {
        var first = await PinnedAndDueAsync();

        Assert.Equal(first.Sha256, Certificates.Details.Sha256);
        var awaiting = Assert.Single(await Trust.ListAwaitingAsync(Ct));
        Assert.NotEqual(first.Sha256, awaiting.Sha256);
        Assert.Equal(awaiting.Sha256, Certificates.AwaitingApproval?.Sha256);
        Assert.Equal(first.Sha256, awaiting.ReplacesSha256);
        Assert.Equal(first.Subject, awaiting.Subject);
        Assert.False(string.IsNullOrEmpty(awaiting.NodeName));
        Assert.True(awaiting.NotAfter > first.NotAfter.AddDays(300));
        Assert.DoesNotContain(await Trust.ListAsync(Ct), t => t.Sha256 == awaiting.Sha256);
        Assert.Contains($"{awaiting.Sha256}); the new one awaits approval", Certificates.ExpiryNotice());

        // Later checks change nothing while nobody decided.
        Clock.Advance(TimeSpan.FromDays(10));
        Assert.Null(await Certificates.RenewIfDueAsync(Ct));
        Assert.Equal(first.Sha256, Certificates.Details.Sha256);

        await Trust.ApproveAsync(TestActors.Administrator("bob"), awaiting.Sha256, Ct);

        Assert.Equal(awaiting.Sha256, (await Certificates.RenewIfDueAsync(Ct))?.Sha256);
        Assert.Equal(awaiting.Sha256, Certificates.Details.Sha256);
        Assert.Equal(awaiting.Sha256, (await StoredAsync()).Sha256);
        Assert.Null(Certificates.AwaitingApproval);
        Assert.Empty(await Trust.ListAwaitingAsync(Ct));
        var trusted = await Trust.ListAsync(Ct);
        Assert.Contains(trusted, t => t.Sha256 == awaiting.Sha256 && t.AddedBy == "bob");
        Assert.Contains(trusted, t => t.Sha256 == first.Sha256);
        Assert.Contains(awaiting.Sha256, (await AuditAsync("trust.approve")).Detail);
        Assert.Contains(first.Sha256, (await AuditAsync("certificate.renew")).Detail);
        // The new certificate is the node's own: it is not due, and is renewed in its turn.
        Assert.Null(await Certificates.RenewIfDueAsync(Ct));
    }

    [Fact]
    public async Task A_rejected_renewal_is_discarded_and_the_old_certificate_stays_served()
    {
        var first = await PinnedAndDueAsync();
        var awaiting = Assert.Single(await Trust.ListAwaitingAsync(Ct));

        await Trust.RejectAsync(TestActors.Administrator(), awaiting.Sha256, Ct);
        Assert.Null(await Certificates.RenewIfDueAsync(Ct));

        Assert.Equal(first.Sha256, Certificates.Details.Sha256);
        Assert.Equal(first.Sha256, (await StoredAsync()).Sha256);
        Assert.Null(Certificates.AwaitingApproval);
        Assert.DoesNotContain(await Trust.ListAsync(Ct), t => t.Sha256 == awaiting.Sha256);
        Assert.Contains(awaiting.Sha256, (await AuditAsync("trust.reject")).Detail);

        // The next check makes another certificate and asks again.
        Assert.Null(await Certificates.RenewIfDueAsync(Ct));
        var again = Assert.Single(await Trust.ListAwaitingAsync(Ct));
        Assert.NotEqual(awaiting.Sha256, again.Sha256);
        Assert.Equal(first.Sha256, Certificates.Details.Sha256);
    }

    [Fact]
    public async Task A_renewal_nobody_approved_is_served_a_day_before_the_old_certificate_ends()
    {
        var first = await PinnedAndDueAsync();
        var awaiting = Assert.Single(await Trust.ListAwaitingAsync(Ct));

        Clock.Advance(first.NotAfter - Clock.GetUtcNow() - TimeSpan.FromHours(25));
        await Certificates.RenewIfDueAsync(Ct);
        Assert.Equal(first.Sha256, Certificates.Details.Sha256);

        Clock.Advance(TimeSpan.FromHours(2));
        await Certificates.RenewIfDueAsync(Ct);

        Assert.Equal(awaiting.Sha256, Certificates.Details.Sha256);
        Assert.Equal(awaiting.Sha256, (await StoredAsync()).Sha256);
        Assert.Contains(first.Sha256, (await AuditAsync("certificate.renew.unapproved")).Detail);
        // Still not trusted: an administrator may approve it later, for the nodes that refuse it now.
        Assert.Equal(awaiting.Sha256, Assert.Single(await Trust.ListAwaitingAsync(Ct)).Sha256);
    }

    [Fact]
    public async Task A_renewal_awaiting_approval_is_served_once_nobody_trusts_the_old_certificate_by_fingerprint()
    {
        var first = await PinnedAndDueAsync();
        var awaiting = Assert.Single(await Trust.ListAwaitingAsync(Ct));

        await Trust.RemoveAsync(TestActors.Administrator(), first.Sha256, Ct);
        await Certificates.RenewIfDueAsync(Ct);

        Assert.Equal(awaiting.Sha256, Certificates.Details.Sha256);
        Assert.Empty(await Trust.ListAwaitingAsync(Ct));
        Assert.Null(Certificates.AwaitingApproval);
    }

    [Fact]
    public async Task A_renewal_awaiting_approval_is_kept_across_a_restart()
    {
        var first = await PinnedAndDueAsync();
        var awaiting = Assert.Single(await Trust.ListAwaitingAsync(Ct));

        await using var restarted = await RestartAsync();

        var certificates = restarted.Get<ServerCertificateService>();
        Assert.Equal(first.Sha256, certificates.Details.Sha256);
        Assert.Equal(awaiting.Sha256, certificates.AwaitingApproval?.Sha256);
    }

    private async Task<AuditEvent> AuditAsync(string action)
    {
        await using var db = Node.CreateDbContext();
        return await db.AuditEvents.SingleAsync(e => e.Action == action, Ct);
    }
}
