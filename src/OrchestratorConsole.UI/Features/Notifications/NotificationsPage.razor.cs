using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Notifications;
using OrchestratorConsole.UI.Components;

namespace OrchestratorConsole.UI.Features.Notifications;

/// <summary>Webhooks told of the cluster's events, which events each takes, and the secret every body is signed with.</summary>
public sealed partial class NotificationsPage : ConsolePage
{
    private const string WebhooksField = "webhooks";
    private const string SecretField = "secret";

    [Inject]
    public required ConfigurationService Configuration { get; init; }

    private NotificationsForm? _form;
    private MudForm? _mudForm;
    private SectionState<NotificationSettings>? _saved;
    private JsonObject? _savedSnapshot;
    private bool _secretStored;
    private readonly SectionFormErrors<NotificationSettings> _errors;
    private string? _comment;

    // The rules see a stored secret as there: a blank field keeps it, and a save merges it back before the server checks.
    public NotificationsPage() => _errors = new SectionFormErrors<NotificationSettings>(() => _form?.ToSettings(_secretStored));

    private bool HasUnsavedChanges => _form is not null && _savedSnapshot is not null && _form.DiffersFrom(_savedSnapshot);

    protected override Task LoadAsync() => RunAsync(LoadSavedAsync);

    private async Task LoadSavedAsync()
    {
        Apply(await Configuration.GetAsync<NotificationSettings>());
        _form = NotificationsForm.From(_saved!.Settings);
        _errors.Clear();
    }

    /// <summary>Keeps what was saved: its version for the next save, and its values to tell the form's changes by. The secret is only noted as there.</summary>
    private void Apply(SectionState<NotificationSettings> saved)
    {
        _saved = saved;
        _savedSnapshot = NotificationsForm.From(saved.Settings).Snapshot();
        _secretStored = saved.Settings.Secret is not null;
    }

    private Task ReloadAsync() => RunAsync(async () =>
    {
        await LoadSavedAsync();
        Conflict = null;
    });

    /// <summary>The list was edited: its refusal by the last save no longer describes it.</summary>
    private void Edited() => _errors.Forget(WebhooksField);

    private Task SaveAsync() => _form is null || _saved is null
        ? Task.CompletedTask
        : SaveSectionAsync(_mudForm, _errors, async () =>
        {
            Apply(await Configuration.SaveAsync(Actor, _form.ToSettings(), _saved.Version, _comment));
            _form.Secret = null;
            _comment = null;
        }, "The notification settings were saved; the next event goes to the webhooks as they are now.");
}
