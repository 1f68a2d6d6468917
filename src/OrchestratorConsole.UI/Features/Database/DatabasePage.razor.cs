using Microsoft.AspNetCore.Components;
using MudBlazor;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Database;
using OrchestratorConsole.Core.Features.Node;
using OrchestratorConsole.UI.Components;

namespace OrchestratorConsole.UI.Features.Database;

public sealed partial class DatabasePage : ConsolePage, IDisposable
{
    [Inject]
    public required ConfigurationService Configuration { get; init; }

    [Inject]
    public required DatabaseCommands Commands { get; init; }

    [Inject]
    public required DatabaseStatusService Status { get; init; }

    [Inject]
    public required NodeValidationService Validation { get; init; }

    [Inject]
    public required OrchestratorSchemaService Schema { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    private readonly List<SchemaProgress> _installSteps = [];
    private DatabaseForm? _form;
    private DatabaseFormValidator _validator = default!;
    private MudForm? _mudForm;
    private SectionValidation? _validation;
    private DatabaseStatus? _status;
    private ConnectionTestResult? _test;
    private SchemaStatus? _installBefore;
    private DatabaseType _savedType;
    private bool _passwordStored;
    private int _version;
    private string _savedBy = string.Empty;
    private DateTimeOffset _savedAt;
    private string? _comment;
    private string? _conflict;
    private bool _testing;
    private bool _installing;

    private bool Busy => _testing || _installing;

    /// <summary>A connection test describes the type it was made for: another type forgets it.</summary>
    private void ForgetTest() => _test = null;

    private string InstallLabel => _status?.Schema is { Installed: true } schema && schema.CurrentVersion < schema.TargetVersion ? "Update database" : "Install database";

    private string? SchemaDetail => _status?.Schema is { } schema ? $"Schema version {schema.CurrentVersion} of {schema.TargetVersion}." : null;

    protected override async Task LoadAsync()
    {
        Status.Changed += OnStatusChanged;
        _validator = new DatabaseFormValidator(() => _form ?? new DatabaseForm());
        await RunAsync(async () =>
        {
            await LoadSavedAsync();
            await LoadStateAsync();
        });
    }

    private async Task LoadSavedAsync()
    {
        var saved = await Configuration.GetAsync<DatabaseSettings>();
        _form = DatabaseForm.From(saved.Settings);
        ApplySaved(saved);
    }

    private void ApplySaved(SectionState<DatabaseSettings> saved)
    {
        _savedType = saved.Settings.Type;
        _passwordStored = saved.Settings.Password is not null;
        _version = saved.Version;
        _savedBy = saved.SavedBy;
        _savedAt = saved.SavedAt;
    }

    private async Task LoadStateAsync()
    {
        _validation = (await Validation.ValidateAsync()).First(v => v.Section == ConfigurationRegistry.Database);
        _status = await Status.GetAsync();
    }

    /// <summary>Replaces the form with the saved values, after a conflict.</summary>
    private Task ReloadAsync() => RunAsync(async () =>
    {
        await LoadSavedAsync();
        await LoadStateAsync();
        _conflict = null;
    });

    private async Task<bool> FormIsValidAsync()
    {
        if (_mudForm is null)
        {
            return true;
        }

        await _mudForm.ValidateAsync();
        return _mudForm.IsValid;
    }

    private async Task SaveAsync()
    {
        if (_form is null || !await FormIsValidAsync())
        {
            return;
        }

        await RunAsync(async () =>
        {
            try
            {
                var state = await Configuration.SaveAsync(Actor, _form.ToSettings(), _version, _comment);
                ApplySaved(state);
                _form.Password = null;
                _comment = null;
                _conflict = null;
            }
            catch (ConflictException ex)
            {
                // The user's input stays in the form: they can reload and apply it again.
                _conflict = ex.Message;
                throw;
            }

            await LoadStateAsync();
        }, "The database settings were saved.");
    }

    private async Task TestAsync()
    {
        if (_form is null || !await FormIsValidAsync())
        {
            return;
        }

        _testing = true;
        _test = null;
        StateHasChanged();
        try
        {
            await RunAsync(async () =>
            {
                _test = await Commands.TestAsync(Actor, _form.ToChanges(), CancellationToken.None);
                await LoadStateAsync();
            });
        }
        finally
        {
            _testing = false;
        }
    }

    private async Task InstallAsync()
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            InstallLabel,
            $"{InstallLabel} on the saved {_savedType} database: the schema goes to version {Schema.TargetVersion}. Unsaved changes in the form are not used. Continue?",
            yesText: InstallLabel,
            cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        _installing = true;
        _installSteps.Clear();
        _installBefore = _status?.Schema;
        StateHasChanged();
        try
        {
            var progress = new InstallProgress(step => InvokeAsync(() =>
            {
                _installSteps.Add(step);
                StateHasChanged();
            }));
            await RunAsync(async () =>
            {
                await Commands.InstallAsync(Actor, progress, CancellationToken.None);
                await LoadStateAsync();
            }, "The Orchestrator schema is installed.");
        }
        finally
        {
            _installing = false;
        }
    }

    private void OnStatusChanged(DatabaseStatus status) => _ = InvokeAsync(async () =>
    {
        await RunAsync(LoadStateAsync);
        StateHasChanged();
    });

    public void Dispose() => Status.Changed -= OnStatusChanged;
}
