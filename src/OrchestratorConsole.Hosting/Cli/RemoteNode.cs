using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace OrchestratorConsole.Hosting.Cli;

/// <summary>A remote node's API, signed in with an administrator's credentials; calls go through a timeout and retry pipeline.</summary>
public sealed class RemoteNode : IDisposable
{
    private static readonly ResiliencePipeline Pipeline = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = 2,
            Delay = TimeSpan.FromMilliseconds(500),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            ShouldHandle = new PredicateBuilder().Handle<HttpRequestException>().Handle<TimeoutRejectedException>(),
        })
        .AddTimeout(TimeSpan.FromSeconds(120))
        .Build();

    private readonly HttpClient _client;

    private RemoteNode(HttpClient client) => _client = client;

    public static async Task<RemoteNode> SignInAsync(string url, string? userName, string? password, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url.TrimEnd('/') + "/", UriKind.Absolute, out var baseUri) || (baseUri.Scheme != Uri.UriSchemeHttp && baseUri.Scheme != Uri.UriSchemeHttps))
        {
            throw new CommandFailedException($"--node must be an http or https address, not '{url}'.", 2);
        }

        if (string.IsNullOrEmpty(userName) || string.IsNullOrEmpty(password))
        {
            throw new CommandFailedException("A remote node needs --user and --password (or ORCHESTRATOR_USER and ORCHESTRATOR_PASSWORD).", 2);
        }

        var node = new RemoteNode(new HttpClient { BaseAddress = baseUri, Timeout = Timeout.InfiniteTimeSpan });
        var token = await node.SendAsync(HttpMethod.Post, "api/auth/token", JsonContent.Create(new { userName, password }), cancellationToken, signIn: true);
        node._client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", JsonNode.Parse(token)!["token"]!.GetValue<string>());
        return node;
    }

    /// <summary>A remote node without signing in (for the password change, which takes the current password itself).</summary>
    public static Task<RemoteNode> AnonymousAsync(string url, CancellationToken cancellationToken)
    {
        _ = cancellationToken;
        if (!Uri.TryCreate(url.TrimEnd('/') + "/", UriKind.Absolute, out var baseUri) || (baseUri.Scheme != Uri.UriSchemeHttp && baseUri.Scheme != Uri.UriSchemeHttps))
        {
            throw new CommandFailedException($"--node must be an http or https address, not '{url}'.", 2);
        }

        return Task.FromResult(new RemoteNode(new HttpClient { BaseAddress = baseUri, Timeout = Timeout.InfiniteTimeSpan }));
    }

    public async Task<string> GetAsync(string path, CancellationToken cancellationToken) =>
        await SendAsync(HttpMethod.Get, path, null, cancellationToken);

    public async Task<string> PostJsonAsync(string path, object? body, CancellationToken cancellationToken) =>
        await SendAsync(HttpMethod.Post, path, body is null ? null : JsonContent.Create(body), cancellationToken);

    public async Task<byte[]> PostForBytesAsync(string path, object? body, CancellationToken cancellationToken)
    {
        using var response = await RawAsync(HttpMethod.Post, path, body is null ? null : JsonContent.Create(body), cancellationToken);
        await EnsureAsync(response, false, cancellationToken);
        return await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    public async Task<string> PostFormAsync(string path, MultipartFormDataContent form, CancellationToken cancellationToken) =>
        await SendAsync(HttpMethod.Post, path, form, cancellationToken);

    private async Task<string> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken, bool signIn = false)
    {
        using var response = await RawAsync(method, path, content, cancellationToken);
        await EnsureAsync(response, signIn, cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    private async Task<HttpResponseMessage> RawAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        if (content is not null)
        {
            await content.LoadIntoBufferAsync(cancellationToken);
        }

        try
        {
            return await Pipeline.ExecuteAsync(async ct => await _client.SendAsync(new HttpRequestMessage(method, path) { Content = content }, ct), cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException)
        {
            throw new CommandFailedException($"{_client.BaseAddress} cannot be reached: {ex.Message}", 3);
        }
    }

    private static async Task EnsureAsync(HttpResponseMessage response, bool signIn, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        string detail;
        try
        {
            detail = JsonNode.Parse(text)?["detail"]?.GetValue<string>() ?? text;
        }
        catch (System.Text.Json.JsonException)
        {
            detail = text;
        }

        throw new CommandFailedException($"{(int)response.StatusCode}: {detail}", signIn || response.StatusCode == System.Net.HttpStatusCode.Unauthorized ? 3 : 1);
    }

    public void Dispose() => _client.Dispose();
}
