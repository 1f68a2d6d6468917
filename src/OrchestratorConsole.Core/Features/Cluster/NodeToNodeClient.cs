using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Certificates;
using OrchestratorConsole.Core.Features.Trust;

namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>
/// This node's calls to another node: through a resilience pipeline (timeout, jittered retries, a circuit breaker per
/// node), signed with the cluster key when they go to a member, over TLS only to a certificate the system store or the
/// SSL trust list vouches for, and their failures told in the product's words.
/// </summary>
public sealed partial class NodeToNodeClient(IHttpClientFactory httpClients, PeerTrust trust, ILogger<NodeToNodeClient> logger)
{
    public const string HttpClientName = "cluster";

    /// <summary>The client for plug-in packages (up to 64 MB): the same pipeline with attempts long enough for a slow link.</summary>
    public const string PackageHttpClientName = "cluster-packages";

    /// <summary>
    /// The client for commands that must not run twice (start, stop, restart another node's server): the same pipeline,
    /// but a POST is never retried, since an attempt whose answer was lost may have acted.
    /// </summary>
    public const string CommandHttpClientName = "cluster-commands";

    public HttpClient ClientFor(Uri baseUri, string name = HttpClientName)
    {
        var client = httpClients.CreateClient(name);
        client.BaseAddress = baseUri;
        return client;
    }

    /// <summary>A call to <paramref name="node"/>, signed by the client's <see cref="NodeToNodeSigningHandler"/> at each attempt.</summary>
    public async Task<HttpResponseMessage> SendSignedAsync(HttpClient client, HttpMethod method, string path, HttpContent? content, ClusterNodeView node, byte[] key, Actor actor, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(method, new Uri(client.BaseAddress!, path)) { Content = content };
        request.Options.Set(NodeToNodeSigningHandler.CallKey, new NodeToNodeCall(key, actor.UserName, node.NodeId));
        return await SendAsync(client, request, cancellationToken);
    }

    /// <param name="check">What the call learns of the node's certificate; <see cref="PeerCertificateCheck.AcceptOnce"/> carries an approval for this call.</param>
    public async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpRequestMessage request, CancellationToken cancellationToken, PeerCertificateCheck? check = null)
    {
        var baseUri = client.BaseAddress!;
        check ??= new PeerCertificateCheck();
        request.Options.Set(PeerCertificateCheck.Key, check);
        if (baseUri.Scheme == Uri.UriSchemeHttps)
        {
            await trust.RefreshAsync(cancellationToken: cancellationToken);
            // A connection of its own, so the certificate is checked at every call: a removal from the trust list or
            // a node's new certificate counts at the next call, not when a pooled connection happens to close.
            request.Headers.ConnectionClose = true;
        }

        try
        {
            return await client.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError == HttpRequestError.SecureConnectionError)
        {
            LogUnreachable(logger, baseUri.ToString(), ex.GetType().Name);
            throw check is { Refused: true, Presented: { } presented }
                ? UntrustedCertificateException.For(baseUri, CertificateDetails.Of(presented), check.PinnedBefore)
                : new ConflictException($"No TLS connection could be made with {baseUri}: {ex.InnerException?.Message ?? ex.Message} Nothing was changed there.", "Node unreachable");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException)
        {
            LogUnreachable(logger, baseUri.ToString(), ex.GetType().Name);
            throw new ConflictException(ex switch
            {
                Polly.CircuitBreaker.BrokenCircuitException => $"{baseUri} failed repeatedly; calls to it are paused for a while (circuit open). Nothing was changed there.",
                HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError } => $"The host of {baseUri} is unknown. Nothing was changed there.",
                HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } => $"Nothing answers at {baseUri}: is the node's console running? Nothing was changed there.",
                _ => $"{baseUri} did not answer in time. Nothing was changed there.",
            }, "Node unreachable");
        }
    }

    public static async Task EnsureOkAsync(HttpResponseMessage response, Uri baseUri, string what, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var detail = await ProblemDetailAsync(response, cancellationToken);
        throw new ConflictException($"{baseUri} {what} ({(int)response.StatusCode}{(detail.Length == 0 ? string.Empty : ": " + detail)}).", response.StatusCode == HttpStatusCode.Unauthorized ? "Credentials refused" : "Node refused");
    }

    /// <summary>The <c>detail</c> of the problem another node answered with; empty when it sent none.</summary>
    public static async Task<string> ProblemDetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))?["detail"]?.GetValue<string>() ?? string.Empty;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or NotSupportedException)
        {
            // Not a problem document: an HTML error page, a proxy's text.
            return string.Empty;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {Node} could not be reached: {Error}")]
    private static partial void LogUnreachable(ILogger logger, string node, string error);
}
