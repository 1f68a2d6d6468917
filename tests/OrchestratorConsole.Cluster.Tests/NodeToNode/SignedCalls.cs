using System.Net.Http.Headers;
using Npgsql;
using OrchestratorConsole.Core.Features.Cluster;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Cluster.Tests.NodeToNode;

/// <summary>Node-to-node calls signed in the test by the console's own signer, with the cluster key read from the Orchestrator database.</summary>
public static class SignedCalls
{
    public const string Actor = "vmware";

    /// <summary>The cluster's key, as the nodes keep it in the Orchestrator database.</summary>
    public static async Task<byte[]> ClusterKeyAsync(TestCluster cluster, CancellationToken cancellationToken)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(cluster.Server.ConnectionString) { Database = cluster.Database }.ConnectionString;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT value FROM orchestrator_properties WHERE key = 'cluster.key'", connection);
        return Convert.FromBase64String((string)(await command.ExecuteScalarAsync(cancellationToken))!);
    }

    /// <summary>Signs a call from <paramref name="sender"/> to the node <paramref name="receiver"/> at <paramref name="address"/>, as a node of the cluster would.</summary>
    public static async Task<CapturedCall> SignAsync(HttpMethod method, Uri address, HttpContent? content, byte[] key, Guid sender, Guid receiver, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, address) { Content = content };
        await new NodeToNodeSignature(TimeProvider.System).SignAsync(request, new NodeToNodeCall(key, Actor, receiver), sender, cancellationToken);
        var headers = request.Headers.Where(h => h.Key != "Host").Select(h => KeyValuePair.Create(h.Key, string.Join(",", h.Value))).ToList();
        var body = content is null ? null : await content.ReadAsByteArrayAsync(cancellationToken);
        return new CapturedCall(method, address, headers, content?.Headers.ContentType?.ToString(), body);
    }

    /// <summary>A multipart body with one file field <c>package</c>.</summary>
    public static HttpContent PackageForm(byte[] package) =>
        new MultipartFormDataContent { { new ByteArrayContent(package) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } }, "package", "package.vmoapp" } };

    /// <summary>Sends <paramref name="request"/> on a client of its own; the status code.</summary>
    public static async Task<System.Net.HttpStatusCode> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = TimeSpan.FromSeconds(60) };
        using (request)
        {
            using var response = await client.SendAsync(request, cancellationToken);
            return response.StatusCode;
        }
    }
}
