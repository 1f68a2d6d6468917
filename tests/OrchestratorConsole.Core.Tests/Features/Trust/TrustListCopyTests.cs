using OrchestratorConsole.Core.Features.Trust;
using OrchestratorConsole.Core.Tests.Features.Certificates;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Core.Tests.Features.Trust;

/// <summary>
/// A trust list of many certificates, on a node whose own store is PostgreSQL: the node's copy of the list (for
/// VerifyFull connections to the database) holds it all, and the peers' check never loses it.
/// </summary>
public sealed class TrustListCopyTests() : ServerCertificateTest(NodeStore.Postgres)
{
    [Fact]
    public async Task A_list_longer_than_a_few_certificates_is_read_whole_and_kept_whole_in_the_node_s_copy()
    {
        var trust = Node.Get<TrustService>();
        var added = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            using var certificate = TestCertificates.RsaServer(3072, $"CN=node{i}.example.com");
            added.Add((await trust.TrustPemAsync(TestActors.Administrator(), certificate.ExportCertificatePem(), Ct)).Sha256);
        }

        var peers = Node.Get<PeerTrust>();
        await peers.RefreshAsync(force: true, Ct);

        Assert.Equal(added.Order(), peers.Entries.Select(e => e.Sha256).Order());
        Assert.Equal(added.Order(), Node.Get<DatabaseCertificateTrust>().Copy.Select(e => e.Sha256).Order());
    }
}
