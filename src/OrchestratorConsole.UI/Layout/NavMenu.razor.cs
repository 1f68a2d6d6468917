using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Logging;
using OrchestratorConsole.Core.Features.Node;

namespace OrchestratorConsole.UI.Layout;

/// <summary>The side menu: every tab, and on a section's tab its live red/green state, updated as the node changes.</summary>
public sealed partial class NavMenu : ComponentBase, IDisposable
{
    [Inject]
    public required NodeValidationFeed Validation { get; init; }

    [Inject]
    public required ILogger<NavMenu> Logger { get; init; }

    private IReadOnlyList<SectionValidation>? _states;
    private bool _disposed;

    protected override async Task OnInitializedAsync()
    {
        Validation.Changed += OnValidationChanged;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        try
        {
            _states = await Validation.GetAsync();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The menu must stay usable when the settings store cannot be read: it shows no markers until it can.
            _states = null;
            LogStatesUnavailable(Logger, ex.Message);
        }
    }

    private void OnValidationChanged()
    {
        if (_disposed)
        {
            return;
        }

        // Raised inside another window's save: the work is handed to this window's dispatcher, not done here.
        _ = InvokeAsync(async () =>
        {
            await LoadAsync();
            StateHasChanged();
        });
    }

    public void Dispose()
    {
        _disposed = true;
        Validation.Changed -= OnValidationChanged;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The side menu cannot show the sections' states: {Error}")]
    private static partial void LogStatesUnavailable(ILogger logger, string error);
}
