namespace OrchestratorConsole.Core.Features.Notifications;

/// <summary>How deliveries to one webhook went on this node: the last success, the last failure and the next try.</summary>
public sealed record WebhookDeliveryStatus(
    string Url,
    DateTimeOffset? LastSuccessAt,
    DateTimeOffset? LastFailureAt,
    string? LastFailure,
    int ConsecutiveFailures,
    DateTimeOffset? RetryAt,
    long? WaitingEventId)
{
    public bool Failing => ConsecutiveFailures > 0;

    public static WebhookDeliveryStatus New(string url) => new(url, null, null, null, 0, null, null);
}

/// <summary>Whether this node sends the cluster's notifications, why not, and how each webhook fares.</summary>
public sealed record NotificationStatus(bool Sending, string Explanation, IReadOnlyList<WebhookDeliveryStatus> Webhooks);
