using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Core.Features.Troubleshooting;
using OrchestratorConsole.UI.Components;

namespace OrchestratorConsole.UI.Features.Troubleshooting;

public sealed partial class TroubleshootingPage : ConsolePage
{
    /// <summary>What Reset current version does, on the page and in its confirmation.</summary>
    public const string ResetExplanation =
        "The next start of the Orchestrator server reinstalls the content of every enabled plug-in, even versions the database records as installed. Use it to repair altered content or after switching databases.";

    [Inject]
    public required TroubleshootingService Troubleshooting { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [Inject]
    public required IJSRuntime JS { get; init; }

    private bool? _resetPending;
    private bool _resetting;
    private bool _generating;
    private string? _report;

    private bool CanReset => Actor.IsInRole(Roles.Administrator) || Actor.IsInRole(Roles.Support);

    protected override Task LoadAsync() => RunAsync(async () => _resetPending = await Troubleshooting.IsResetPendingAsync());

    private async Task ResetAsync()
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Reset current version?", ResetExplanation, yesText: "Reset", cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        _resetting = true;
        await RunAsync(
            async () =>
            {
                await Troubleshooting.ResetCurrentVersionAsync(Actor);
                _resetPending = await Troubleshooting.IsResetPendingAsync();
            },
            "Reset current version is set: the next start of the server reinstalls all plug-in content.");
        _resetting = false;
    }

    private async Task GenerateReportAsync()
    {
        _generating = true;
        _report = null;
        StateHasChanged();
        try
        {
            await RunAsync(async () =>
            {
                var (zip, fileName) = await Troubleshooting.GenerateLogReportAsync(Actor);
                await FileDownload.SaveAsync(JS, fileName, "application/zip", zip);
                _report = $"{fileName} ({(zip.Length / 1024.0).ToString("0.#", CultureInfo.InvariantCulture)} KB) was downloaded.";
            });
        }
        catch (JSException ex)
        {
            Snackbar.Add($"The browser did not take the log report: {ex.Message}", Severity.Error);
        }
        finally
        {
            _generating = false;
        }
    }
}
