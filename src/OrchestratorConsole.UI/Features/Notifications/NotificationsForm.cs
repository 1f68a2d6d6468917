using System.Text.Json.Nodes;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Notifications;

namespace OrchestratorConsole.UI.Features.Notifications;

/// <summary>
/// The Notifications tab's editable values. The stored signing secret is never loaded into it: <see cref="Secret"/>
/// holds only what the user types, and null keeps the saved one.
/// </summary>
public sealed class NotificationsForm
{
    public List<WebhookRow> Webhooks { get; } = [];

    public string? Secret { get; set; }

    public static NotificationsForm From(NotificationSettings settings)
    {
        var form = new NotificationsForm();
        form.Webhooks.AddRange(settings.Webhooks.Select(w => new WebhookRow { Url = w.Url, Events = [.. w.Events] }));
        return form;
    }

    /// <summary>
    /// The settings to save; a null secret keeps the saved one. Events keep the order of the list of events. For the
    /// form's rules only, <paramref name="secretStored"/> stands a blank secret in for the stored one, which is never loaded.
    /// </summary>
    public NotificationSettings ToSettings(bool secretStored = false) => new()
    {
        Webhooks = Webhooks.Select(row => new Webhook
        {
            Url = row.Url?.Trim() ?? string.Empty,
            Events = NotificationEvents.All.Where(row.Events.Contains).ToList(),
        }).ToList(),
        Secret = !string.IsNullOrEmpty(Secret) ? Secret : secretStored ? StoredStandIn : null,
    };

    private static readonly string StoredStandIn = new('*', NotificationSettings.MinSecretLength);

    /// <summary>The values as they would be saved, without the secret: equal snapshots mean nothing was edited.</summary>
    public JsonObject Snapshot() => ConfigurationRegistry.For<NotificationSettings>().ToJson(ToSettings() with { Secret = null });

    public bool DiffersFrom(JsonObject saved) => !string.IsNullOrEmpty(Secret) || !JsonNode.DeepEquals(Snapshot(), saved);
}

/// <summary>One webhook as it is edited: an object, so that removing another row keeps its input.</summary>
public sealed class WebhookRow
{
    public string? Url { get; set; }

    public HashSet<string> Events { get; set; } = [.. NotificationEvents.All];
}
