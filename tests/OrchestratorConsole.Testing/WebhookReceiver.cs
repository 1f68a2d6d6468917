using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OrchestratorConsole.Testing;

/// <summary>
/// A webhook receiver on loopback (Kestrel, plain HTTP): keeps every POST it is sent, with its headers and body, and
/// answers <see cref="Answer"/> (200 unless a test says otherwise). Stopped and started again on the same port, it
/// stands for a receiver that was down for a while.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    public const string SignatureHeader = "X-Orchestrator-Event-Signature";

    private readonly WebApplication _app;
    private readonly List<WebhookDelivery> _received = [];
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WebhookReceiver(WebApplication app) => _app = app;

    public int Port { get; private set; }

    /// <summary>The address to give the console: <c>http://127.0.0.1:port/hook</c>.</summary>
    public string Url => $"http://127.0.0.1:{Port}/hook";

    /// <summary>The status every request gets.</summary>
    public HttpStatusCode Answer { get; set; } = HttpStatusCode.OK;

    public static async Task<WebhookReceiver> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/{**path}", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            receiver.Add(new WebhookDelivery(
                context.Request.Path,
                context.Request.Headers[SignatureHeader].ToString(),
                context.Request.Headers["X-Orchestrator-Event"].ToString(),
                context.Request.ContentType,
                body.ToArray()));
            return Results.StatusCode((int)receiver.Answer);
        });
        await app.StartAsync();
        receiver.Port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        return receiver;
    }

    public IReadOnlyList<WebhookDelivery> Received
    {
        get
        {
            lock (_received)
            {
                return [.. _received];
            }
        }
    }

    /// <summary>Waits until what was received satisfies <paramref name="done"/>; fails naming what did arrive after <paramref name="timeout"/>.</summary>
    public async Task<IReadOnlyList<WebhookDelivery>> WaitForAsync(Func<IReadOnlyList<WebhookDelivery>, bool> done, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            Task arrived;
            lock (_received)
            {
                if (done(_received))
                {
                    return [.. _received];
                }

                arrived = _arrived.Task;
            }

            try
            {
                await arrived.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The webhook receiver got {Received.Count} requests in {timeout.TotalSeconds} s: {string.Join(", ", Received.Select(r => r.Event))}.");
            }
        }
    }

    private void Add(WebhookDelivery delivery)
    {
        TaskCompletionSource arrived;
        lock (_received)
        {
            _received.Add(delivery);
            arrived = _arrived;
            _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        arrived.TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One POST a webhook receiver got.</summary>
public sealed record WebhookDelivery(string Path, string Signature, string EventHeader, string? ContentType, byte[] Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string Event => Json.GetProperty("event").GetString()!;

    public long? Id => Json.GetProperty("id").ValueKind == JsonValueKind.Number ? Json.GetProperty("id").GetInt64() : null;

    /// <summary>Whether the signature header is <c>sha256=</c> and the lower-case hex HMAC-SHA256 of the body under <paramref name="secret"/>, as a receiver checks it.</summary>
    public bool IsSignedWith(string secret) =>
        CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Signature),
            Encoding.ASCII.GetBytes("sha256=" + Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Body)).ToLowerInvariant()));
}
