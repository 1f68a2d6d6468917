using Microsoft.AspNetCore.Components;
using MudBlazor;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Node;
using OrchestratorConsole.Core.Features.Server;
using OrchestratorConsole.UI.Components;

namespace OrchestratorConsole.UI.Features.Server;

public partial class StartupPage : ConsolePage, IDisposable
{
    [Inject]
    public required OrchestratorServer Server { get; init; }

    [Inject]
    public required ConfigurationService Configuration { get; init; }

    [Inject]
    public required NodeIdentityService Identity { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    private ServerStatus Status => Server.Status;

    private bool _busy;
    private bool _startOnLaunch;
    private int _startupVersion;
    private Timer? _refresh;

    private Color StateColor => Status.State switch
    {
        ServerState.Running => Status.Role == ServerRole.Active ? Color.Success : Color.Info,
        ServerState.Failed => Color.Error,
        ServerState.Stopped => Color.Default,
        _ => Color.Warning,
    };

    protected override async Task LoadAsync()
    {
        var startup = await Configuration.GetAsync<StartupSettings>();
        _startOnLaunch = startup.Settings.StartServerOnLaunch;
        _startupVersion = startup.Version;
        Server.Changed += OnServerChanged;
        // The role is computed at every read (it can change without an event), so the page also looks every second.
        _refresh = new Timer(_ => OnServerChanged(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    // Start, stop and restart say nothing of their own: the state chip and the starting line say it while it is
    // true and change with it, where a message would stay behind.
    private Task StartAsync() => BusyAsync(() => Server.StartAsync(Actor), null);

    private async Task StopAsync()
    {
        if (await ConfirmAsync("Stop the Orchestrator server?", "Running work on this node ends; in a cluster a standby takes over.", "Stop"))
        {
            await BusyAsync(() => Server.StopAsync(Actor), null);
        }
    }

    private async Task RestartAsync()
    {
        if (await ConfirmAsync("Restart the Orchestrator server?", "The server stops and starts with the saved configuration.", "Restart"))
        {
            await BusyAsync(() => Server.RestartAsync(Actor), null);
        }
    }

    private async Task RegenerateAsync()
    {
        if (await ConfirmAsync("Regenerate node identity?", "This node gets a new id, as a clone of another node must. The old id stays with the original node.", "Regenerate"))
        {
            await BusyAsync(async () => await Identity.RegenerateAsync(Actor, Server.Status.State), "This node has a new identity; start the server again.");
        }
    }

    private async Task SaveStartOnLaunchAsync(bool value)
    {
        var previous = _startOnLaunch;
        _startOnLaunch = value;
        var saved = await RunAsync(async () =>
        {
            var state = await Configuration.SaveAsync(Actor, new StartupSettings { StartServerOnLaunch = value }, _startupVersion, null);
            _startupVersion = state.Version;
        }, value ? "The server will start with the console." : "The server will not start with the console.");
        if (!saved)
        {
            _startOnLaunch = previous;
        }
    }

    private async Task BusyAsync(Func<Task> action, string? success)
    {
        _busy = true;
        await RunAsync(action, success);
        _busy = false;
    }

    private async Task<bool> ConfirmAsync(string title, string text, string yes) =>
        await Dialogs.ShowMessageBoxAsync(title, text, yesText: yes, cancelText: "Cancel") == true;

    private void OnServerChanged() => _ = InvokeAsync(StateHasChanged);

    public void Dispose()
    {
        Server.Changed -= OnServerChanged;
        _refresh?.Dispose();
    }
}
