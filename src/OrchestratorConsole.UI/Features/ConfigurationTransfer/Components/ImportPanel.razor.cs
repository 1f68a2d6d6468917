using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.ConfigurationTransfer;
using OrchestratorConsole.UI.Components;

namespace OrchestratorConsole.UI.Features.ConfigurationTransfer.Components;

public sealed partial class ImportPanel
{
    [Parameter, EditorRequired]
    public required Actor Actor { get; set; }

    [Inject]
    public required ConfigurationTransferService Transfer { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    private readonly HashSet<string> _chosen = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _secrets = new(StringComparer.Ordinal);
    private byte[]? _file;
    private string _fileName = string.Empty;
    private string? _password;
    private ImportPreview? _preview;
    private ImportResult? _result;
    /// <summary>The imported sections as their tabs name them.</summary>
    private IReadOnlyList<string> _importedTitles = [];
    private bool _overrideIdentity;
    private string? _error;
    private bool _busy;

    private async Task SelectAsync(IBrowserFile? file)
    {
        _file = null;
        _fileName = string.Empty;
        _preview = null;
        _secrets.Clear();
        _result = null;
        _error = null;
        if (file is null)
        {
            return;
        }

        _fileName = file.Name;
        if (file.Size > ConfigurationFile.MaxBytes)
        {
            _error = $"The file is {file.Size / 1048576.0:0.#} MB; a configuration export is at most {ConfigurationFile.MaxBytes / 1048576} MB.";
            return;
        }

        _busy = true;
        try
        {
            (_file, _error) = await BrowserFiles.ReadAsync(file, ConfigurationFile.MaxBytes);
        }
        finally
        {
            _busy = false;
        }
    }

    private Task PreviewAsync() => RunAsync(async file =>
    {
        _preview = null;
        _result = null;
        var preview = await Transfer.PreviewAsync(Actor, file, Password);
        _overrideIdentity = false;
        _chosen.Clear();
        _chosen.UnionWith(preview.DefaultSections);
        _secrets.Clear();
        _preview = preview;
    });

    private async Task ApplyAsync()
    {
        if (_preview is not { } preview || _chosen.Count == 0)
        {
            return;
        }

        var titles = preview.Sections.Where(s => _chosen.Contains(s.Section)).Select(s => s.Title).ToList();
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            "Apply import?",
            $"These sections of {_fileName} become new revisions on this node, all together: {string.Join(", ", titles)}.",
            yesText: "Apply",
            cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        await RunAsync(async file =>
        {
            var chosen = preview.Sections.Where(s => _chosen.Contains(s.Section)).Select(s => s.Section).ToList();
            // The versions the preview was computed on: a section saved since is refused, and nothing is written.
            _result = await Transfer.ApplyAsync(Actor, new ImportRequest(file, Password, _fileName) { Sections = chosen, OverrideIdentity = _overrideIdentity, ExpectedVersions = preview.ExpectedVersions, Secrets = TypedSecrets() });
            _importedTitles = titles;
            _preview = null;
            _secrets.Clear();
            Snackbar.Add($"The import of {_fileName} was applied.", Severity.Success);
        });
    }

    private void SetOverrideIdentity(bool value)
    {
        _overrideIdentity = value;
        foreach (var section in _preview?.Sections.Where(s => s.Identity && s.Importable) ?? [])
        {
            // Switching the override on is asking for the identity; switching it off must not leave it chosen.
            if (value)
            {
                _chosen.Add(section.Section);
            }
            else
            {
                _chosen.Remove(section.Section);
            }
        }
    }

    private string? Password => string.IsNullOrEmpty(_password) ? null : _password;

    /// <summary>The secrets typed for a required-again field; one left empty is not sent, so the import names it.</summary>
    private Dictionary<string, string> TypedSecrets() => _secrets.Where(s => s.Value.Length > 0).ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);

    /// <summary>Runs a service call on the chosen file; a refused file shows its message and nothing changes.</summary>
    private async Task RunAsync(Func<byte[], Task> action)
    {
        if (_file is not { } file)
        {
            return;
        }

        _busy = true;
        _error = null;
        try
        {
            await action(file);
        }
        catch (ConsoleException ex)
        {
            // Shown in the panel only, which the next step clears: a message beside it would outlive the state it describes.
            _error = ex.Message;
        }
        finally
        {
            _busy = false;
        }
    }
}
