using Microsoft.AspNetCore.Components;
using MudBlazor;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.UI.Components;

namespace OrchestratorConsole.UI.Features.Configuration;

public sealed partial class HistoryPage : ConsolePage
{
    private const string AllSections = "";

    [Inject]
    public required ConfigurationService Configuration { get; init; }

    [Inject]
    public required ConfigurationHistory History { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    private readonly List<long> _selected = [];
    private MudTable<RevisionSummary>? _table;
    private string _section = AllSections;
    private RevisionDiff? _diff;

    private string SelectionText => _selected.Count switch
    {
        0 => "No revision selected.",
        1 => $"Revision {_selected[0]} selected: select one more.",
        _ => $"Revisions {_selected.Min()} and {_selected.Max()} selected.",
    };

    private string SectionTitle(string name) => Configuration.Registry.Find(name)?.Title ?? name;

    private async Task<TableData<RevisionSummary>> LoadPageAsync(TableState state, CancellationToken cancellationToken)
    {
        Page<RevisionSummary>? page = null;
        await RunAsync(async () => page = await History.ListRevisionsAsync(_section, state.Page * state.PageSize, state.PageSize, cancellationToken));
        return new TableData<RevisionSummary> { Items = page?.Items ?? [], TotalItems = page?.Total ?? 0 };
    }

    private async Task OnSectionChangedAsync(string section)
    {
        _section = section;
        _selected.Clear();
        _diff = null;
        await ReloadAsync();
    }

    private void Toggle(long id, bool selected)
    {
        _selected.Remove(id);
        if (selected)
        {
            // Two at most: a third selection replaces the older choice.
            if (_selected.Count == 2)
            {
                _selected.RemoveAt(0);
            }

            _selected.Add(id);
        }
    }

    private Task CompareAsync() => RunAsync(async () =>
    {
        _diff = await History.DiffAsync(_selected.Min(), _selected.Max());
    });

    private async Task RestoreAsync(RevisionSummary revision)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            "Restore revision",
            $"Save the values of {SectionTitle(revision.Section)} version {revision.Version} (revision {revision.Id}) as a new revision? The current values stay in the history.",
            yesText: "Restore",
            cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        if (await RunAsync(() => Configuration.RestoreAsync(Actor, revision.Id, null), $"Revision {revision.Id} was restored as a new revision."))
        {
            _selected.Clear();
            _diff = null;
            await ReloadAsync();
        }
    }

    private Task ReloadAsync() => _table?.ReloadServerData() ?? Task.CompletedTask;
}
