using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using OrchestratorConsole.Core.Features.Certificates;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Core.Tests.Features.Certificates;

/// <summary>The node renews its own self-signed certificate 30 days before it ends, and never an administrator's.</summary>
public sealed class CertificateRenewalTests() : ServerCertificateTest(NodeStore.Sqlite)
{
    private FakeTimeProvider Clock => (FakeTimeProvider)Node.Get<TimeProvider>();

    [Fact]
    public async Task The_node_s_own_certificate_is_renewed_30_days_before_it_ends_and_served_at_once()
    {
        var first = Certificates.Details;
        Assert.Null(await Certificates.RenewIfDueAsync(Ct)); // a year left

        Clock.Advance(TimeSpan.FromDays(365 - 31));
        Assert.Null(await Certificates.RenewIfDueAsync(Ct));
        Assert.Equal(first.Sha256, Certificates.Details.Sha256);

        // Two days on, the hourly check finds it due and renews it.
        Clock.Advance(TimeSpan.FromDays(2));
        var renewed = await RenewedAsync(first.Sha256);

        Assert.NotEqual(first.Sha256, renewed.Sha256);
        Assert.Equal(renewed.Sha256, Certificates.Details.Sha256);
        Assert.Equal(first.Subject, renewed.Subject);
        Assert.Equal(first.SubjectAlternativeNames, renewed.SubjectAlternativeNames);
        Assert.True(renewed.NotAfter > first.NotAfter.AddDays(300));
        Assert.Equal(renewed.Sha256, (await StoredAsync()).Sha256);
        await using var db = Node.CreateDbContext();
        var audit = await db.AuditEvents.SingleAsync(e => e.Action == "certificate.renew", Ct);
        Assert.Contains(first.Sha256, audit.Detail);
        Assert.Contains(renewed.Sha256, audit.Detail);
        // Renewed once: the new certificate is not due.
        Assert.Null(await Certificates.RenewIfDueAsync(Ct));
    }

    /// <summary>The certificate once the background check has replaced <paramref name="old"/> (it runs on its own task).</summary>
    private async Task<CertificateDetails> RenewedAsync(string old)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Certificates.Details.Sha256 == old)
        {
            Assert.True(DateTime.UtcNow < deadline, "The hourly check did not renew the certificate within 30 s.");
            await Task.Delay(50, Ct);
        }

        return Certificates.Details;
    }

    [Fact]
    public async Task An_imported_certificate_is_never_replaced_however_close_its_end()
    {
        using var imported = TestCertificates.Server("CN=imported.example.com", notAfter: DateTimeOffset.UtcNow.AddDays(10));
        var details = await Certificates.ImportAsync(TestActors.Administrator(), imported.Export(X509ContentType.Pkcs12, "pass"), "pass", Ct);

        Clock.Advance(TimeSpan.FromDays(5));

        Assert.Null(await Certificates.RenewIfDueAsync(Ct));
        Assert.Equal(details.Sha256, Certificates.Details.Sha256);
        Assert.Contains("expires on", Certificates.ExpiryNotice());
    }
}
