using System.Net.Security;
using Microsoft.Extensions.Time.Testing;
using OrchestratorConsole.Core.Features.Certificates;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Database;
using OrchestratorConsole.Core.Features.Trust;

namespace OrchestratorConsole.Core.Tests.Features.Certificates;

/// <summary>
/// Two nodes share one PostgreSQL Orchestrator database. A trusts B's certificate by fingerprint; B renews it, an
/// administrator approves the renewal on A, and A's calls accept the certificate B serves from its next check.
/// </summary>
public sealed class RenewalApprovalAcrossNodesTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
    private static readonly Uri AddressOfB = new("https://node-b.example.com:8283/");

    private NodeHost _a = null!;
    private NodeHost _b = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _a = await NodeHost.StartAsync(new NodeHostOptions { Time = new FakeTimeProvider(Start) }, Ct);
        _b = await NodeHost.StartAsync(new NodeHostOptions { Time = new FakeTimeProvider(Start) }, Ct);
        var shared = await TestDatabases.FreshPostgresAsync("renewal");
        foreach (var node in new[] { _a, _b })
        {
            var configuration = node.Get<ConfigurationService>();
            var current = await configuration.GetAsync<DatabaseSettings>(Ct);
            await configuration.SaveAsync(TestActors.Administrator(), shared, current.Version, null, Ct);
        }

        await _a.Get<OrchestratorSchemaService>().InstallAsync(TestActors.Administrator(), shared, cancellationToken: Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _b.DisposeAsync();
        await _a.DisposeAsync();
    }

    /// <summary>A's verdict on the certificate B serves now, as A's handshake callback gives it for a call to B.</summary>
    private async Task<bool> ACallsBAsync()
    {
        var peers = _a.Get<PeerTrust>();
        await peers.RefreshAsync(force: true, Ct);
        using var call = new HttpRequestMessage(HttpMethod.Get, new Uri(AddressOfB, "/api/node"));
        return peers.Validate(call, _b.Get<ServerCertificateService>().Current, null, SslPolicyErrors.RemoteCertificateChainErrors);
    }

    [Fact]
    public async Task A_renewal_of_B_approved_on_A_is_served_by_B_and_accepted_by_A()
    {
        var certificatesOfB = _b.Get<ServerCertificateService>();
        var first = certificatesOfB.Details;
        await _a.Get<TrustService>().TrustPresentedAsync(TestActors.Administrator(), certificatesOfB.Current!, AddressOfB, Ct);
        Assert.True(await ACallsBAsync());

        _a.Clock.Advance(TimeSpan.FromDays(365 - 29));
        _b.Clock.Advance(TimeSpan.FromDays(365 - 29));
        await certificatesOfB.RenewIfDueAsync(Ct);

        // B still serves the certificate A trusts, and A sees B's request.
        Assert.Equal(first.Sha256, certificatesOfB.Details.Sha256);
        Assert.True(await ACallsBAsync());
        var awaiting = Assert.Single(await _a.Get<TrustService>().ListAwaitingAsync(Ct));
        Assert.Equal(certificatesOfB.AwaitingApproval?.Sha256, awaiting.Sha256);
        Assert.Equal(PeerTrust.Origin(AddressOfB), awaiting.Address);

        await _a.Get<TrustService>().ApproveAsync(TestActors.Administrator("bob"), awaiting.Sha256, Ct);
        await certificatesOfB.RenewIfDueAsync(Ct);

        Assert.Equal(awaiting.Sha256, certificatesOfB.Details.Sha256);
        Assert.True(await ACallsBAsync());
        var trustedOnA = await _a.Get<TrustService>().ListAsync(Ct);
        Assert.Contains(trustedOnA, t => t.Sha256 == awaiting.Sha256 && t.Address == PeerTrust.Origin(AddressOfB));
        Assert.Contains(trustedOnA, t => t.Sha256 == first.Sha256);
    }
}
