using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Reliability.Tests;

/// <summary>A real node on HTTPS serves the certificate /api/certificate describes, and an imported one from the next connection on, without a restart.</summary>
public sealed class ServedCertificateTests
{
    private const string AdminName = "vmware";
    private const string AdminPassword = "Admin-Pass-1!";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_node_serves_its_certificate_and_an_imported_one_on_the_next_connection_without_a_restart()
    {
        await using var node = await ConsoleNode.StartWithHttpsAsync(new Dictionary<string, string> { ["Accounts:InitialAdminPassword"] = AdminPassword }, Ct);
        var processId = node.ProcessId;
        using var admin = node.CreateClient(await node.GetTokenAsync(AdminName, AdminPassword, Ct));

        var described = await admin.GetFromJsonAsync<JsonObject>("/api/certificate", Ct);
        var (firstServed, firstAnswer) = await ServedOverNewConnectionAsync(node.HttpsAddress!);
        Assert.Equal((string?)described!["sha256"], Fingerprint(firstServed));
        Assert.Equal(HttpStatusCode.OK, firstAnswer);
        Assert.Contains("127.0.0.1", described["subjectAlternativeNames"]!.AsArray().Select(n => (string?)n));

        using var imported = TestCertificates.Server("CN=served.example.com");
        using (var response = await admin.PostCertificateAsync(imported.Export(X509ContentType.Pkcs12, "served"), "served", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var (secondServed, secondAnswer) = await ServedOverNewConnectionAsync(node.HttpsAddress!);
        Assert.Equal(Fingerprint(imported), Fingerprint(secondServed));
        Assert.NotEqual(Fingerprint(firstServed), Fingerprint(secondServed));
        Assert.Equal(HttpStatusCode.OK, secondAnswer);
        Assert.Equal(processId, node.ProcessId);
    }

    [Fact]
    public async Task An_imported_certificate_is_served_with_its_intermediate_so_a_client_that_knows_only_the_root_trusts_it()
    {
        await using var node = await ConsoleNode.StartWithHttpsAsync(new Dictionary<string, string> { ["Accounts:InitialAdminPassword"] = AdminPassword }, Ct);
        using var admin = node.CreateClient(await node.GetTokenAsync(AdminName, AdminPassword, Ct));
        var (root, intermediate, leaf) = TestCertificates.Chain();
        using (root)
        using (intermediate)
        using (leaf)
        {
            // The file an authority hands back: the certificate, its key, then the intermediate.
            var file = System.Text.Encoding.ASCII.GetBytes(
                leaf.ExportCertificatePem() + "\n" + TestCertificates.PrivateKeyPem(leaf) + "\n" + intermediate.ExportCertificatePem());
            using (var response = await admin.PostCertificateAsync(file, null, Ct))
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            var received = await ReceivedInHandshakeAsync(node.HttpsAddress!);

            Assert.Equal(Fingerprint(leaf), Fingerprint(received[0]));
            Assert.Contains(received, c => Fingerprint(c) == Fingerprint(intermediate));
            // A client that trusts only the root and fetches nothing builds the chain from what the handshake brought.
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(root);
            chain.ChainPolicy.DisableCertificateDownloads = true;
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.ExtraStore.AddRange(received.Skip(1).ToArray());
            Assert.True(chain.Build(received[0]), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
        }
    }

    /// <summary>The certificates a fresh TLS connection presents: the server's certificate first, then the others the handshake carried.</summary>
    private static async Task<List<X509Certificate2>> ReceivedInHandshakeAsync(Uri address)
    {
        var received = new List<X509Certificate2>();
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port, Ct);
        await using var tls = new System.Net.Security.SslStream(tcp.GetStream());
        await tls.AuthenticateAsClientAsync(new System.Net.Security.SslClientAuthenticationOptions
        {
            TargetHost = address.Host,
            CertificateChainPolicy = new X509ChainPolicy { DisableCertificateDownloads = true, RevocationMode = X509RevocationMode.NoCheck },
            RemoteCertificateValidationCallback = (_, certificate, chain, _) =>
            {
                // The extra store holds what the server sent besides its own certificate; nothing else is looked up.
                received.Add(X509CertificateLoader.LoadCertificate(certificate!.GetRawCertData()));
                received.AddRange(chain!.ChainPolicy.ExtraStore.Select(c => X509CertificateLoader.LoadCertificate(c.RawData)).Where(c => Fingerprint(c) != Fingerprint(received[0])));
                return true;
            },
        }, Ct);
        return received;
    }

    /// <summary>One request over a fresh handler (so a fresh TLS connection), capturing the certificate the node presents.</summary>
    private static async Task<(X509Certificate2 Certificate, HttpStatusCode Status)> ServedOverNewConnectionAsync(Uri address)
    {
        X509Certificate2? served = null;
        using var handler = new SocketsHttpHandler
        {
            SslOptions =
            {
                // The test checks the certificate itself: it captures what was presented and accepts it.
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    served = certificate is null ? null : X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
                    return true;
                },
            },
        };
        using var client = new HttpClient(handler) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        using var response = await client.GetAsync("/health/ready", Ct);
        return (served ?? throw new InvalidOperationException("No certificate was presented."), response.StatusCode);
    }

    private static string Fingerprint(X509Certificate2 certificate) => Convert.ToHexStringLower(SHA256.HashData(certificate.RawData));
}
