using System.Net.Http.Headers;

namespace OrchestratorConsole.Cluster.Tests.NodeToNode;

/// <summary>
/// A signed node-to-node call as it crossed the network: its headers (the Host it was addressed to included) and its
/// body. A test sends it again as someone who captured it would, unchanged or with one part altered.
/// </summary>
public sealed record CapturedCall(HttpMethod Method, Uri Address, IReadOnlyList<KeyValuePair<string, string>> Headers, string? ContentType, byte[]? Body)
{
    /// <summary>The call as a new request to <paramref name="to"/> (its own address by default), with the captured Host header.</summary>
    public HttpRequestMessage ToRequest(Uri? to = null, string? query = null, string? contentType = null)
    {
        var address = to is null ? Address : new Uri(to, Address.PathAndQuery);
        if (query is not null)
        {
            address = new UriBuilder(address) { Query = query }.Uri;
        }

        var request = new HttpRequestMessage(Method, address);
        foreach (var (name, value) in Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        request.Headers.Host = Address.Authority;
        if (Body is not null)
        {
            request.Content = new ByteArrayContent(Body);
            if ((contentType ?? ContentType) is { } type)
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
            }
        }

        return request;
    }
}
