using Microsoft.AspNetCore.Components;
using MudBlazor;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Cluster;

namespace OrchestratorConsole.UI.Features.Cluster.Components;

public sealed partial class OtherNodesServerActions : ComponentBase, IDisposable
{
    [Inject]
    public required NodeServerService Servers { get; init; }

    [Inject]
    public required ClusterService Cluster { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    [Parameter, EditorRequired]
    public required Actor Actor { get; set; }

    /// <summary>The buttons to offer; all three unless said.</summary>
    [Parameter]
    public IReadOnlyList<ServerAction> Actions { get; set; } = [ServerAction.Stop, ServerAction.Start, ServerAction.Restart];

    /// <summary>Told when an action on the other nodes is over, whether it went through or stopped at a node.</summary>
    [Parameter]
    public EventCallback<OtherNodesServerResult> Completed { get; set; }

    private readonly CancellationTokenSource _closing = new();
    private readonly List<NodeServerProgress> _progress = [];
    private bool _running;
    private string _title = string.Empty;

    public static string LabelOf(ServerAction action) => $"{action} the other nodes";

    private async Task RunAsync(ServerAction action)
    {
        var targets = (await Cluster.GetAsync(_closing.Token)).Nodes.Where(n => NodeServerService.AppliesTo(action, n)).ToList();
        if (targets.Count == 0)
        {
            Snackbar.Add(action == ServerAction.Start ? "The server of every other node runs already." : "No other node's server runs.", Severity.Info);
            return;
        }

        var names = string.Join(", ", targets.Select(n => $"{n.Name} ({n.PublicUrl})"));
        if (action != ServerAction.Start && await Dialogs.ShowMessageBoxAsync(
                $"{LabelOf(action)}?",
                $"{action} the servers of {names}, one at a time{(action == ServerAction.Restart ? ", each waiting until it runs again before the next" : string.Empty)}? Work running on them is interrupted.",
                yesText: LabelOf(action),
                cancelText: "Cancel") != true)
        {
            return;
        }

        _title = LabelOf(action);
        _running = true;
        _progress.Clear();
        try
        {
            var result = await Servers.ActOnOtherNodesAsync(Actor, action, new Reporter(this), _closing.Token);
            Snackbar.Add(
                result.Succeeded ? $"{LabelOf(action)}: done." : $"{LabelOf(action)} stopped at {result.Nodes.First(n => n.Step == NodeServerStep.Failed).Name}.",
                result.Succeeded ? Severity.Success : Severity.Error);
            await Completed.InvokeAsync(result);
        }
        catch (ConsoleException ex)
        {
            Snackbar.Add(ex.Message, Severity.Error);
        }
        catch (OperationCanceledException)
        {
            // The page was closed.
        }
        finally
        {
            _running = false;
        }
    }

    private void Show(NodeServerProgress step) => _ = InvokeAsync(() =>
    {
        var index = _progress.FindIndex(p => p.NodeId == step.NodeId);
        if (index < 0)
        {
            _progress.Add(step);
        }
        else
        {
            _progress[index] = step;
        }

        StateHasChanged();
    });

    private static string IconOf(ServerAction action) => action switch
    {
        ServerAction.Stop => Icons.Material.Filled.Stop,
        ServerAction.Start => Icons.Material.Filled.PlayArrow,
        _ => Icons.Material.Filled.RestartAlt,
    };

    private static Color ColorOf(NodeServerStep step) => step switch
    {
        NodeServerStep.Done => Color.Success,
        NodeServerStep.Failed => Color.Error,
        NodeServerStep.Acting or NodeServerStep.WaitingForRunning => Color.Info,
        _ => Color.Default,
    };

    private static string StepText(NodeServerStep step) => step switch
    {
        NodeServerStep.Queued => "Waiting its turn",
        NodeServerStep.Acting => "Asking the node",
        NodeServerStep.WaitingForRunning => "Waiting for Running",
        NodeServerStep.NotAttempted => "Not attempted",
        _ => step.ToString(),
    };

    public void Dispose()
    {
        _closing.Cancel();
        _closing.Dispose();
    }

    /// <summary>Hands each step to the component on its renderer's thread, in the order they happen.</summary>
    private sealed class Reporter(OtherNodesServerActions owner) : IProgress<NodeServerProgress>
    {
        public void Report(NodeServerProgress value) => owner.Show(value);
    }
}
