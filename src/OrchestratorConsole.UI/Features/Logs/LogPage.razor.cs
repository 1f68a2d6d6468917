using Microsoft.AspNetCore.Components;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Logs;
using OrchestratorConsole.UI.Components;

namespace OrchestratorConsole.UI.Features.Logs;

public sealed partial class LogPage : ConsolePage
{
    public const int RecentLines = 500;

    [Inject]
    public required ConfigurationService Configuration { get; init; }

    [Inject]
    public required NodeLog NodeLog { get; init; }

    private SectionState<LogSettings>? _saved;
    private string _level = "INFO";
    private IReadOnlyList<string> _lines = [];

    protected override async Task LoadAsync()
    {
        Refresh();
        await RunAsync(async () =>
        {
            _saved = await Configuration.GetAsync<LogSettings>();
            _level = _saved.Settings.Level;
        });
    }

    private void Refresh() => _lines = NodeLog.Recent(RecentLines);

    private Task SaveAsync() => RunAsync(async () =>
    {
        _saved = await Configuration.SaveAsync(Actor, new LogSettings { Level = _level }, _saved!.Version, $"Log level {_level}");
        Refresh();
    }, $"The log level is now {_level}.");
}
