using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Audit;
using OrchestratorConsole.Core.Features.Configuration;

namespace OrchestratorConsole.Core.Features.Notifications;

/// <summary><c>Send test event</c>: a signed <c>test</c> event from this node to every saved webhook, whatever its events.</summary>
public sealed class NotificationService(ConfigurationService configuration, WebhookSender sender, WebhookNotifier notifier, AuditService audit, TimeProvider time)
{
    public async Task<NotificationTestResult> TestAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        actor.DemandAdministrator();
        var settings = (await configuration.GetAsync<NotificationSettings>(cancellationToken)).Settings;
        if (settings.Webhooks.Count == 0)
        {
            return new(false, "No webhook is saved: add one, save, then send a test event.", []);
        }

        var message = new WebhookMessage(
            NotificationEvents.Test, null, time.GetUtcNow(), $"A test event sent by {actor.UserName} from the Notifications tab.", null, null,
            await notifier.SelfAsync(cancellationToken), true);
        var sends = settings.Webhooks.Select(async w =>
        {
            var attempt = await sender.SendAsync(Webhook.Parse(w.Url)!, message, settings.Secret ?? string.Empty, cancellationToken);
            return new WebhookTestResult(w.Url.Trim(), attempt.Ok, attempt.Status, attempt.Message);
        });
        var results = await Task.WhenAll(sends);
        var delivered = results.Count(r => r.Ok);
        await audit.RecordAsync(actor, "notifications.test", ConfigurationRegistry.Notifications, $"test event delivered to {delivered} of {results.Length} webhooks", delivered == results.Length, cancellationToken);
        return new(delivered == results.Length,
            delivered == results.Length ? $"Every webhook ({results.Length}) took the test event." : $"{results.Length - delivered} of {results.Length} webhooks did not take the test event.",
            results);
    }
}

public sealed record NotificationTestResult(bool Ok, string Message, IReadOnlyList<WebhookTestResult> Webhooks);

public sealed record WebhookTestResult(string Url, bool Ok, int? Status, string Message);
