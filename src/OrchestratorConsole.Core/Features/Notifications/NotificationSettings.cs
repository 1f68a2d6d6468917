using System.ComponentModel.DataAnnotations;
using OrchestratorConsole.Core.Features.Configuration;

namespace OrchestratorConsole.Core.Features.Notifications;

/// <summary>
/// Webhooks told of what happens to the cluster (a failover, a node failed or back, a node out of sync, a certificate
/// near its end). Cluster relevant: every node holds the same list, and one of them (the Active holding the lowest
/// slot) sends each event once. Every body is signed with an HMAC-SHA256 under the secret, which never leaves the node.
/// </summary>
public sealed record NotificationSettings : ISectionSettings
{
    public const int MaxWebhooks = 10;

    /// <summary>Long enough that a receiver's check of the signature means something.</summary>
    public const int MinSecretLength = 16;

    [Display(Name = "Webhooks")]
    public IReadOnlyList<Webhook> Webhooks { get; init; } = [];

    /// <summary>The key of the body's HMAC-SHA256; every receiver checks it with the same secret.</summary>
    [Display(Name = "Signing secret"), StringLength(1024), ConfigurationField(FieldFlags.Secret)]
    public string? Secret { get; init; }

    public IEnumerable<FieldError> Validate()
    {
        if (Webhooks.Count > MaxWebhooks)
        {
            yield return new("webhooks", $"Give at most {MaxWebhooks} webhooks; there are {Webhooks.Count}.");
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < Webhooks.Count; i++)
        {
            var webhook = Webhooks[i];
            if (webhook is null || Webhook.Parse(webhook.Url) is null)
            {
                yield return new("webhooks", $"Webhook {i + 1} ('{webhook?.Url}') is not an http:// or https:// address of at most 2048 characters.");
                continue;
            }

            if (!seen.Add(webhook.Url.Trim()))
            {
                yield return new("webhooks", $"Webhook {i + 1} ('{webhook.Url}') is listed twice: give each address once, with all its events.");
            }

            if (webhook.Events is not { Count: > 0 })
            {
                yield return new("webhooks", $"Webhook {i + 1} ('{webhook.Url}') has no event: choose at least one of {string.Join(", ", NotificationEvents.All)}.");
            }
            else if (webhook.Events.FirstOrDefault(e => !NotificationEvents.All.Contains(e)) is { } unknown)
            {
                yield return new("webhooks", $"Webhook {i + 1} has the event '{unknown}'; events are {string.Join(", ", NotificationEvents.All)}.");
            }
        }

        if (Webhooks.Count > 0 && (Secret is null || Secret.Length < MinSecretLength))
        {
            yield return new("secret", $"Set a signing secret of at least {MinSecretLength} characters: every webhook body is signed with it.");
        }
    }
}

/// <summary>An address that receives events, and which events it receives.</summary>
public sealed record Webhook
{
    public const int MaxUrlLength = 2048;

    public string Url { get; init; } = string.Empty;

    public IReadOnlyList<string> Events { get; init; } = [];

    /// <summary>An absolute http or https address, or null.</summary>
    public static Uri? Parse(string? url) =>
        url is { Length: > 0 and <= MaxUrlLength } && Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.Host.Length > 0 && string.IsNullOrEmpty(uri.UserInfo)
            ? uri
            : null;

    public bool Wants(string eventName) => Events.Contains(eventName, StringComparer.Ordinal);
}
