using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using OrchestratorConsole.Core.Features.Authentication;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.UI.Components;

namespace OrchestratorConsole.UI.Features.Authentication;

/// <summary>Directory sign-in: the LDAP servers, the bind account, where users and groups are, and which group gives which role.</summary>
public sealed partial class AuthenticationPage : ConsolePage
{
    private const string ServerUrlsField = "serverUrls";
    private const string BindDnField = "bindDn";
    private const string BindPasswordField = "bindPassword";
    private const string UserSearchBaseField = "userSearchBase";
    private const string UserFilterField = "userFilter";
    private const string GroupSearchBaseField = "groupSearchBase";
    private const string GroupRolesField = "groupRoles";

    [Inject]
    public required ConfigurationService Configuration { get; init; }

    private AuthenticationForm? _form;
    private MudForm? _mudForm;
    private SectionState<AuthenticationSettings>? _saved;
    private JsonObject? _savedSnapshot;
    private bool _passwordStored;
    private readonly SectionFormErrors<AuthenticationSettings> _errors;
    private string? _comment;

    public AuthenticationPage() => _errors = new SectionFormErrors<AuthenticationSettings>(() => _form?.ToSettings());

    private bool HasUnsavedChanges => _form is not null && _savedSnapshot is not null && _form.DiffersFrom(_savedSnapshot);

    protected override Task LoadAsync() => RunAsync(LoadSavedAsync);

    private async Task LoadSavedAsync()
    {
        Apply(await Configuration.GetAsync<AuthenticationSettings>());
        _form = AuthenticationForm.From(_saved!.Settings);
        _errors.Clear();
    }

    /// <summary>Keeps what was saved: its version for the next save, and its values to tell the form's changes by. The password is only noted as there.</summary>
    private void Apply(SectionState<AuthenticationSettings> saved)
    {
        _saved = saved;
        _savedSnapshot = AuthenticationForm.From(saved.Settings).Snapshot();
        _passwordStored = saved.Settings.BindPassword is not null;
    }

    /// <summary>Replaces the form with the saved values, after a conflict.</summary>
    private Task ReloadAsync() => RunAsync(async () =>
    {
        await LoadSavedAsync();
        Conflict = null;
    });

    /// <summary>A list was edited: its refusal by the last save no longer describes it.</summary>
    private void Edited() => _errors.Forget(ServerUrlsField, GroupRolesField);

    private void UseFilter(string filter)
    {
        if (_form is not null)
        {
            _form.UserFilter = filter;
        }
    }

    private Task SaveAsync() => _form is null || _saved is null
        ? Task.CompletedTask
        : SaveSectionAsync(_mudForm, _errors, async () =>
        {
            Apply(await Configuration.SaveAsync(Actor, _form.ToSettings(), _saved.Version, _comment));
            _form.BindPassword = null;
            _comment = null;
        }, "The authentication settings were saved; they apply from the next sign-in.");
}
