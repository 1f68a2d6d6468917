using System.Net.Http.Headers;

namespace OrchestratorConsole.Core.Features.Notifications;

/// <summary>
/// Posts one signed event to one webhook through the <c>webhooks</c> HTTP client, whose resilience pipeline retries a
/// failed attempt with backoff. Redirects are not followed: an event goes only to the address an administrator typed.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory clients)
{
    public const string HttpClientName = "webhooks";

    public async Task<WebhookAttempt> SendAsync(Uri url, WebhookMessage message, string secret, CancellationToken cancellationToken)
    {
        // The address's path and query may hold a token of the receiver's (many chat services do): messages name the host only.
        var host = url.GetLeftPart(UriPartial.Authority);
        var body = message.ToBytes();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(WebhookMessage.SignatureHeader, WebhookMessage.Sign(body, secret));
        request.Headers.Add(WebhookMessage.EventHeader, message.Event);
        if (message.Id is { } id)
        {
            request.Headers.Add(WebhookMessage.IdHeader, id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        try
        {
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode
                ? new WebhookAttempt(true, status, $"{host} answered {status}.")
                : new WebhookAttempt(false, status, status is >= 300 and < 400
                    ? $"{host} answered {status} (a redirect): events are sent only to the address given; give the final address."
                    : $"{host} answered {status} {response.ReasonPhrase}.");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or TimeoutException or Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException
                                   && !cancellationToken.IsCancellationRequested)
        {
            return new WebhookAttempt(false, null, $"{host} could not be reached: {Describe(ex)}");
        }
    }

    private static string Describe(Exception ex) => ex switch
    {
        HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } =>
            "its TLS certificate is not trusted (add it on the SSL trust tab) or TLS failed.",
        HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError } => "the host name is not known.",
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } => "the connection was refused or failed.",
        Polly.CircuitBreaker.BrokenCircuitException => "it failed repeatedly; calls to it pause for a while.",
        TaskCanceledException or TimeoutException or Polly.Timeout.TimeoutRejectedException => "it did not answer in time.",
        _ => ex.Message,
    };
}

/// <summary>The outcome of one delivery (after the pipeline's retries): the HTTP status when there was an answer.</summary>
public sealed record WebhookAttempt(bool Ok, int? Status, string Message);
