using Microsoft.AspNetCore.Components;
using MudBlazor;
using OrchestratorConsole.Core.Features.Cluster;
using OrchestratorConsole.UI.Components;

namespace OrchestratorConsole.UI.Features.Cluster;

public sealed partial class ClusterPage : ConsolePage, IDisposable
{
    [Inject]
    public required ClusterService Cluster { get; init; }

    [Inject]
    public required ClusterLiveFeed Feed { get; init; }

    [Inject]
    public required ClusterSyncService Sync { get; init; }

    [Inject]
    public required NodeServerService Servers { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    private readonly List<ClusterEventView> _alerts = [];
    private readonly CancellationTokenSource _closing = new();
    /// <summary>Check boxes the user set; a node not in here is checked when it is out of sync.</summary>
    private readonly Dictionary<Guid, bool> _choices = [];
    /// <summary>
    /// One row object per node, kept across refreshes: the table keys its rows on the row object, and a node's view is
    /// a new value at every tick (its heartbeat age), so rows keyed on the views themselves would be rebuilt every
    /// second, losing a click in flight and the keyboard focus.
    /// </summary>
    private readonly Dictionary<Guid, NodeRow> _rows = [];
    private IReadOnlyList<NodeRow> _shownRows = [];
    private ClusterView? _view;
    private IReadOnlyList<NodeSyncOutcome>? _outcomes;
    private long _lastEventId;
    private bool _syncing;

    /// <summary>The other nodes checked for Synchronize.</summary>
    private IReadOnlyList<ClusterNodeView> Selected => _view?.Nodes.Where(n => !n.IsThisNode && IsSelected(n)).ToList() ?? [];

    protected override async Task LoadAsync()
    {
        var snapshot = await Feed.GetAsync(_closing.Token);
        Show(snapshot.View);
        // Events that happened before the page opened are history, not alerts.
        _lastEventId = snapshot.LatestEventId;
        _ = PollAsync();
    }

    /// <summary>
    /// Keeps the table live without a reload: the cluster changes every heartbeat. The reads are the node's shared
    /// feed's, so many open pages cost the database one read a second.
    /// </summary>
    private async Task PollAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(_closing.Token))
            {
                ClusterLiveSnapshot snapshot;
                try
                {
                    snapshot = await Feed.GetAsync(_closing.Token);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The settings store did not answer: keep the last view and try at the next tick.
                    continue;
                }

                Show(snapshot.View);
                foreach (var e in snapshot.RecentEvents.Where(e => e.Id > _lastEventId))
                {
                    _lastEventId = e.Id;
                    _alerts.Add(e);
                    Snackbar.Add(e.Detail, Severity.Warning);
                }

                await InvokeAsync(StateHasChanged);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>After a change made here: no page may be shown the cluster as it was before it.</summary>
    private async Task RefreshAsync()
    {
        Feed.Invalidate();
        Show((await Feed.GetAsync(_closing.Token)).View);
    }

    private void Show(ClusterView view)
    {
        _view = view;
        _shownRows = view.Nodes.Select(node =>
        {
            var row = _rows.TryGetValue(node.NodeId, out var known) ? known : _rows[node.NodeId] = new NodeRow();
            row.Node = node;
            return row;
        }).ToList();
        foreach (var gone in _rows.Keys.Except(view.Nodes.Select(n => n.NodeId)).ToList())
        {
            _rows.Remove(gone);
        }
    }

    /// <summary>A node's place in the table; its view changes, the row object does not.</summary>
    private sealed class NodeRow
    {
        public ClusterNodeView Node { get; set; } = null!;
    }

    private async Task RemoveAsync(ClusterNodeView node)
    {
        if (await Dialogs.ShowMessageBoxAsync("Remove node record?", $"Remove {node.Name} ({node.PublicUrl}) from the cluster's records? A node that starts again registers itself anew.", yesText: "Remove", cancelText: "Cancel") == true)
        {
            await RunAsync(() => Cluster.RemoveNodeAsync(Actor, node.NodeId), $"{node.Name} was removed.");
            await RefreshAsync();
        }
    }

    private bool IsSelected(ClusterNodeView node) =>
        _choices.TryGetValue(node.NodeId, out var chosen) ? chosen : node.SyncState == SyncStates.SynchronizationRequired;

    private void Choose(ClusterNodeView node, bool chosen) => _choices[node.NodeId] = chosen;

    private async Task SynchronizeAsync()
    {
        var targets = Selected;
        if (targets.Count == 0)
        {
            return;
        }

        var names = string.Join(", ", targets.Select(n => $"{n.Name} ({n.PublicUrl})"));
        if (await Dialogs.ShowMessageBoxAsync("Synchronize?", $"Push this node's configuration (every section but General, and the plug-ins they lack) to {names}? Each node applies it at its next restart.", yesText: "Synchronize", cancelText: "Cancel") != true)
        {
            return;
        }

        _syncing = true;
        _outcomes = null;
        StateHasChanged();
        try
        {
            await RunAsync(async () => _outcomes = await Sync.SynchronizeAsync(Actor, targets.Select(n => n.NodeId).ToList(), _closing.Token));
            _choices.Clear();
            await RefreshAsync();
        }
        finally
        {
            _syncing = false;
        }
    }

    private static Color StateColor(string state) => state switch
    {
        NodeStates.Running => Color.Success,
        NodeStates.Failed => Color.Error,
        _ => Color.Default,
    };

    private static string Age(double seconds) => seconds < 1 ? "now" : seconds < 120 ? $"{seconds:0} s ago" : $"{seconds / 60:0} min ago";

    private static string Short(string? fingerprint) => fingerprint is null ? "—" : fingerprint[..Math.Min(8, fingerprint.Length)];

    public void Dispose()
    {
        _closing.Cancel();
        _closing.Dispose();
    }
}
