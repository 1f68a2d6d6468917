using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.PlugIns;
using OrchestratorConsole.UI.Components;
using OrchestratorConsole.UI.Features.PlugIns.Components;

namespace OrchestratorConsole.UI.Features.PlugIns;

public sealed partial class PlugInsPage : ConsolePage, IDisposable
{
    [Inject]
    public required PluginService Plugins { get; init; }

    [Inject]
    public required ConfigurationService Configuration { get; init; }

    [Inject]
    public required PluginPackageLimits Limits { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    private IReadOnlyList<PluginSummary>? _plugins;
    private MudFileUpload<IBrowserFile>? _upload;
    private PluginSettingsForm? _settings;
    private PluginSettingsEditor? _editor;
    private bool _uploading;
    private double _uploadPercent;
    private string _uploadStatus = string.Empty;
    private string? _uploadError;
    private string? _uploadResult;
    private string? _conflict;
    private string? _pendingConfirmation;
    private bool _busy;

    private string SettingsLabel => IsAdministrator ? "Configure" : "View settings";

    private string LimitText => $"{Limits.MaxPackageBytes / 1048576} MB";

    protected override async Task LoadAsync()
    {
        Plugins.Changed += OnPluginsChanged;
        await RunAsync(LoadListAsync);
    }

    private async Task LoadListAsync() => _plugins = await Plugins.ListAsync();

    private static string InDatabase(PluginSummary plugin) => plugin.InstalledInDatabase switch
    {
        null => plugin.Enabled ? "not yet — at next start" : "not installed",
        var v when v == plugin.Version => v,
        var v => plugin.Enabled ? $"{v} — {plugin.Version} at next start" : v,
    };

    private async Task UploadAsync(IBrowserFile? file)
    {
        if (file is null)
        {
            return;
        }

        _uploadError = null;
        _uploadResult = null;
        try
        {
            if (file.Size > Limits.MaxPackageBytes)
            {
                _uploadError = $"{file.Name} was not installed: the package is larger than the {LimitText} limit.";
                return;
            }

            _uploading = true;
            var result = await InstallAsync(file, confirmDowngrade: false);
            if (result is null && _pendingConfirmation is { } question)
            {
                _pendingConfirmation = null;
                var confirmed = await Dialogs.ShowMessageBoxAsync("Confirmation needed", question, yesText: "Install", cancelText: "Cancel");
                if (confirmed == true)
                {
                    result = await InstallAsync(file, confirmDowngrade: true);
                }
                else
                {
                    _uploadError = $"{file.Name} was not installed.";
                }
            }

            if (result is not null)
            {
                _uploadResult = $"{result.Plugin.Name} {result.Change}.";
                Snackbar.Add(_uploadResult, Severity.Success);
                await RunAsync(LoadListAsync);
                if (_settings?.View.Id == result.Plugin.Id)
                {
                    await ReloadSettingsAsync();
                }
            }
        }
        finally
        {
            _uploading = false;
            if (_upload is not null)
            {
                await _upload.ClearAsync();
            }
        }
    }

    /// <summary>One install attempt; a refusal is shown beside the upload, a needed confirmation is kept for the caller to ask.</summary>
    private async Task<PluginInstallResult?> InstallAsync(IBrowserFile file, bool confirmDowngrade)
    {
        _uploadPercent = 0;
        _uploadStatus = $"Uploading {file.Name}…";
        StateHasChanged();
        try
        {
            await using var stream = new UploadProgressStream(file.OpenReadStream(maxAllowedSize: Limits.MaxPackageBytes + 1), file.Size, read => _ = InvokeAsync(() =>
            {
                _uploadPercent = file.Size == 0 ? 100 : Math.Min(100, 100.0 * read / file.Size);
                _uploadStatus = _uploadPercent >= 100
                    ? $"Checking and installing {file.Name}…"
                    : $"Uploading {file.Name}… {_uploadPercent.ToString("0", CultureInfo.InvariantCulture)} %";
                StateHasChanged();
            }));
            return await Plugins.InstallAsync(Actor, stream, confirmDowngrade);
        }
        catch (ConfirmationNeededException ex) when (!confirmDowngrade)
        {
            _pendingConfirmation = ex.Message;
            return null;
        }
        catch (ConsoleException ex)
        {
            NoteRefusal(ex);
            _uploadError = $"{file.Name} was not installed: {ex.Message}";
            return null;
        }
        catch (IOException ex)
        {
            _uploadError = $"{file.Name} was not installed: the upload failed ({ex.Message}).";
            return null;
        }
    }

    private async Task SetEnabledAsync(PluginSummary plugin, bool enabled)
    {
        _busy = true;
        await RunAsync(
            async () =>
            {
                await Plugins.SetEnabledAsync(Actor, plugin.Id, enabled);
                await LoadListAsync();
            },
            enabled ? $"{plugin.Name} is enabled; its content is installed at the next start." : $"{plugin.Name} is disabled; the package stays on this node.");
        _busy = false;
    }

    private async Task UninstallAsync(PluginSummary plugin)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            $"Uninstall {plugin.Name}?",
            $"This removes the {plugin.Name} {plugin.Version} package, its settings, and its content from the Orchestrator database. Workflows that use it stop working.",
            yesText: "Uninstall",
            cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        _busy = true;
        await RunAsync(
            async () =>
            {
                await Plugins.UninstallAsync(Actor, plugin.Id);
                if (_settings?.View.Id == plugin.Id)
                {
                    CloseSettings();
                }

                await LoadListAsync();
            },
            $"{plugin.Name} was uninstalled.");
        _busy = false;
    }

    private Task OpenSettingsAsync(PluginSummary plugin) => RunAsync(async () =>
    {
        _conflict = null;
        _settings = PluginSettingsForm.From(await Plugins.GetConfigurationAsync(plugin.Id));
    });

    private Task ReloadSettingsAsync() => _settings is null ? Task.CompletedTask : RunAsync(async () =>
    {
        _settings = PluginSettingsForm.From(await Plugins.GetConfigurationAsync(_settings.View.Id));
        _conflict = null;
    });

    private void CloseSettings()
    {
        _settings = null;
        _conflict = null;
    }

    private async Task SaveSettingsAsync()
    {
        if (_settings is null || (_editor is not null && !await _editor.ValidateAsync()))
        {
            return;
        }

        var form = _settings;
        var changes = form.Changes();
        if (changes.Count == 0)
        {
            Snackbar.Add("Nothing was changed.", Severity.Info);
            return;
        }

        _busy = true;
        await RunAsync(
            async () =>
            {
                try
                {
                    // A plug-in's settings are its configuration section: saved, versioned and audited like every other.
                    await Configuration.SaveAsync(Actor, form.View.Section, changes, form.Version, null);
                    _settings = PluginSettingsForm.From(await Plugins.GetConfigurationAsync(form.View.Id));
                    _conflict = null;
                }
                catch (ConflictException ex)
                {
                    // The user's input stays in the form: they can load the saved values and apply it again.
                    _conflict = ex.Message;
                    throw;
                }

                await LoadListAsync();
            },
            $"The settings of {form.View.Name} were saved.");
        _busy = false;
    }

    private void OnPluginsChanged() => _ = InvokeAsync(async () =>
    {
        await RunAsync(LoadListAsync);
        StateHasChanged();
    });

    public void Dispose() => Plugins.Changed -= OnPluginsChanged;
}
