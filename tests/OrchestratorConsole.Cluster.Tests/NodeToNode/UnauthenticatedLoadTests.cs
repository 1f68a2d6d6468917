using System.Net;
using System.Net.Http.Headers;
using System.Text;
using OrchestratorConsole.Core.Features.Cluster;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Cluster.Tests.NodeToNode;

/// <summary>Calls to the internal endpoints that are not soundly signed are refused before their body is read.</summary>
public sealed class UnauthenticatedLoadTests : ClusterTest
{
    private const long SixtyMegabytes = 60L * 1024 * 1024;

    /// <summary>
    /// Each call asks <c>Expect: 100-continue</c>, so the client sends its body only once the server starts reading it
    /// (Kestrel then answers 100 Continue): a body the server never read was never sent, and its counter stays at 0.
    /// </summary>
    [Fact]
    public async Task A_hundred_calls_with_60_MB_bodies_and_bad_signatures_are_all_refused_without_their_bodies_being_read()
    {
        var cluster = await StartClusterAsync(1);
        var node = cluster.Nodes[0];
        var nodeId = await node.GetNodeIdAsync(Ct);
        var key = await SignedCalls.ClusterKeyAsync(cluster, Ct);
        var address = new Uri(node.Node.BaseAddress, "/api/cluster/internal/plugins");
        using var client = new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromMinutes(5), UseCookies = false }) { Timeout = TimeSpan.FromMinutes(5) };
        for (var i = 0; i < 100; i++)
        {
            var kind = (BadSignature)(i % 4);
            var signed = await SignedCalls.SignAsync(
                HttpMethod.Post,
                address,
                new ByteArrayContent(Encoding.ASCII.GetBytes("a small body the signature was made for")),
                kind == BadSignature.AnotherKey ? Encoding.UTF8.GetBytes("not the cluster's key, 32 bytes!") : key,
                kind == BadSignature.UnknownSender ? Guid.NewGuid() : nodeId,
                nodeId,
                Ct);
            var body = new CountingContent(SixtyMegabytes);
            using var request = new HttpRequestMessage(HttpMethod.Post, address) { Content = body };
            foreach (var (name, value) in signed.Headers)
            {
                request.Headers.TryAddWithoutValidation(name, Alter(kind, name, value));
            }

            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=x");
            request.Headers.ExpectContinue = true;

            using var response = await client.SendAsync(request, Ct);

            Assert.True(
                (response.StatusCode, body.BytesSent) == (HttpStatusCode.Unauthorized, 0),
                $"Call {i} ({kind}): {(int)response.StatusCode}, {body.BytesSent} bytes of its body read by the server.");
        }
    }

    private static string Alter(BadSignature kind, string header, string value) => (kind, header) switch
    {
        (BadSignature.Stale, NodeToNodeSignature.TimeHeader) => DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
        (BadSignature.Tampered, NodeToNodeSignature.SignatureHeader) => new string(value.Reverse().ToArray()),
        _ => value,
    };

    private enum BadSignature
    {
        AnotherKey,
        Stale,
        UnknownSender,
        Tampered,
    }
}
