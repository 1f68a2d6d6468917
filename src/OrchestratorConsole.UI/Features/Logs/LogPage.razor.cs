using Microsoft.AspNetCore.Components;
using OrchestratorConsole.Core.Common;
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
    private string _showLevel = AllLevels;
    private string? _showText;

    private const string AllLevels = "All levels";

    private static readonly string[] FilterLevels = [AllLevels, "FATAL", "ERROR", "WARN", "INFO", "DEBUG"];

    protected override async Task LoadAsync()
    {
        Refresh();
        await RunAsync(async () =>
        {
            _saved = await Configuration.GetAsync<LogSettings>();
            _level = _saved.Settings.Level;
        });
    }

    private void Refresh() => _lines = NodeLog.Newest(RecentLines, _showLevel == AllLevels ? null : _showLevel, _showText?.Trim());

    private Task ShowLevelAsync(string level)
    {
        _showLevel = level;
        Refresh();
        return Task.CompletedTask;
    }

    private Task ShowTextAsync(string? text)
    {
        if (TextLimits.Problem("The filter", text, TextLimits.Filter) is not null)
        {
            return Task.CompletedTask; // the field says what is wrong; the lines stay filtered by the last valid text
        }

        _showText = text;
        Refresh();
        return Task.CompletedTask;
    }

    private Task SaveAsync() => RunAsync(async () =>
    {
        _saved = await Configuration.SaveAsync(Actor, new LogSettings { Level = _level }, _saved!.Version, $"Log level {_level}");
        Refresh();
    }, $"The log level is now {_level}.");
}
