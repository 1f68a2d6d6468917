using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrchestratorConsole.Core.Data.Orchestrator;
using OrchestratorConsole.Core.Features.Cluster;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Server;

namespace OrchestratorConsole.Core.Features.Notifications;

/// <summary>
/// Tells the webhooks of the cluster's events, once per cluster: only the Active node holding the lowest slot sends.
/// Events come from the cluster's event log in the shared database, in order; how far each webhook was told is a mark
/// kept there too, so a node that takes over the sending goes on where the last one stopped. An event a webhook does not
/// take waits at the head of its queue, retried with growing pauses, so a receiver that was down gets every event, in
/// order, when it is back (events are kept 7 days).
/// </summary>
public sealed partial class WebhookNotifier(
    ConfigurationService configuration,
    OrchestratorServer server,
    RunningClusterStore running,
    SyncRequiredWatch syncWatch,
    CertificateExpiryNotice certificateExpiry,
    WebhookSender sender,
    Node.NodeIdentityService identity,
    Node.NodeAddress address,
    TimeProvider time,
    ILogger<WebhookNotifier> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private const string NotActive = "This node is not Active: the Active node holding the lowest slot sends the notifications.";

    /// <summary>How often every node checks whether its own certificate nears its end.</summary>
    public static readonly TimeSpan CertificateInterval = TimeSpan.FromMinutes(1);

    /// <summary>The longest pause between two tries of an event a webhook refused.</summary>
    public static readonly TimeSpan MaxRetryPause = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, WebhookDeliveryStatus> _statuses = new(StringComparer.Ordinal);
    private volatile string _explanation = NotActive;
    private volatile bool _sending;
    private DateTimeOffset _nextCertificateCheck = DateTimeOffset.MinValue;

    /// <summary>Whether this node sends, and how each webhook fared here.</summary>
    public NotificationStatus Status => new(_sending, _explanation, [.. _statuses.Values.OrderBy(s => s.Url, StringComparer.Ordinal)]);

    /// <summary>Raised when a delivery succeeds or fails, for the Troubleshooting tab.</summary>
    public event Action? Changed;

    /// <summary>The key of a webhook's mark: its address, hashed so that no address is kept in clear beside the events.</summary>
    public static string MarkKey(string url) =>
        "notifications.webhook." + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(url.Trim()))).ToLowerInvariant()[..32];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await CheckCertificateAsync(stoppingToken);
                await TickAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // The shared database did not answer: the events stay where they are and the next round tries again.
                LogRoundFailed(logger, ex);
            }

            await Task.Delay(Interval, time, stoppingToken);
        }
    }

    /// <summary>Every node, sender or not, tells of its own certificate: at the first round its server runs, then each minute.</summary>
    private async Task CheckCertificateAsync(CancellationToken cancellationToken)
    {
        if (running.Current is null || time.GetUtcNow() < _nextCertificateCheck)
        {
            return;
        }

        _nextCertificateCheck = time.GetUtcNow() + CertificateInterval;
        await certificateExpiry.CheckAsync(cancellationToken);
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        if (server.ActiveSlot is not { } slot || running.Current is not { } store)
        {
            Stand(NotActive);
            return;
        }

        if (await store.LowestHeldSlotAsync(cancellationToken) is { } lowest && lowest != slot)
        {
            Stand($"This node holds active slot {slot}; the Active node holding slot {lowest} sends the notifications.");
            return;
        }

        var (settings, _, savedAt, _) = await configuration.GetAsync<NotificationSettings>(cancellationToken);
        _sending = true;
        _explanation = settings.Webhooks.Count == 0 ? "This node sends the notifications; no webhook is set." : "This node sends the notifications.";
        await syncWatch.CheckAsync(store, cancellationToken);
        foreach (var url in _statuses.Keys.Where(u => !settings.Webhooks.Any(w => w.Url.Trim() == u)))
        {
            _statuses.TryRemove(url, out _);
        }

        foreach (var webhook in settings.Webhooks)
        {
            await DeliverAsync(store, webhook, settings.Secret ?? string.Empty, savedAt, cancellationToken);
        }
    }

    private void Stand(string explanation)
    {
        _sending = false;
        _explanation = explanation;
        syncWatch.Forget();
    }

    private async Task DeliverAsync(IClusterStore store, Webhook webhook, string secret, DateTimeOffset savedAt, CancellationToken cancellationToken)
    {
        var url = webhook.Url.Trim();
        var status = _statuses.GetOrAdd(url, WebhookDeliveryStatus.New);
        if (status.RetryAt is { } retryAt && retryAt > time.GetUtcNow())
        {
            return;
        }

        var key = MarkKey(url);
        if (await store.ReadMarkAsync(key, cancellationToken) is not { } mark)
        {
            // A new webhook is told of what happened since it was saved, not of the last week; even when the Active
            // that was to start telling it failed before it could (that failover is the first event it gets).
            await store.MoveMarkAsync(key, null, await store.LatestEventIdAsync(savedAt, cancellationToken), cancellationToken);
            return;
        }

        var target = Webhook.Parse(url)!;
        foreach (var record in await store.EventsAfterAsync(mark, cancellationToken))
        {
            if (NotificationEvents.ForKind(record.Kind) is { } name && webhook.Wants(name))
            {
                if (server.ActiveSlot is null)
                {
                    return; // lost the lease meanwhile: the next sender goes on from the mark
                }

                var attempt = await sender.SendAsync(target, Message(record, name, await SelfAsync(cancellationToken)), secret, cancellationToken);
                if (!attempt.Ok)
                {
                    Failed(url, status, record.Id, attempt.Message);
                    return;
                }

                status = Record(url, status with { LastSuccessAt = time.GetUtcNow(), ConsecutiveFailures = 0, RetryAt = null, WaitingEventId = null });
            }

            if (!await store.MoveMarkAsync(key, mark, record.Id, cancellationToken))
            {
                return; // another node moved it: it is the sender now
            }

            mark = record.Id;
        }
    }

    private void Failed(string url, WebhookDeliveryStatus status, long eventId, string message)
    {
        var failures = status.ConsecutiveFailures + 1;
        var pause = TimeSpan.FromSeconds(Math.Min(MaxRetryPause.TotalSeconds, Math.Pow(2, Math.Min(failures, 10))));
        Record(url, status with { LastFailureAt = time.GetUtcNow(), LastFailure = message, ConsecutiveFailures = failures, RetryAt = time.GetUtcNow() + pause, WaitingEventId = eventId });
        LogDeliveryFailed(logger, eventId, message, pause.TotalSeconds);
    }

    private WebhookDeliveryStatus Record(string url, WebhookDeliveryStatus status)
    {
        _statuses[url] = status;
        Changed?.Invoke();
        return status;
    }

    private static WebhookMessage Message(ClusterEventRecord record, string name, WebhookNode self) =>
        new(name, record.Id, record.Time, record.Detail, record.NodeId is { } nodeId ? new WebhookNode(nodeId, record.NodeName) : null, record.Epoch, self, false);

    /// <summary>This node, as the sender of an event.</summary>
    public async Task<WebhookNode> SelfAsync(CancellationToken cancellationToken) =>
        new(identity.NodeId, (await configuration.GetAsync<GeneralSettings>(cancellationToken)).Settings.Name, address.PublicUrl);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook notifications: a round failed; the next one tries again")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook notifications: event {EventId} was not delivered ({Reason}); it is tried again in {Seconds} s")]
    private static partial void LogDeliveryFailed(ILogger logger, long eventId, string reason, double seconds);
}
