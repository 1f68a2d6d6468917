using MudBlazor;
using OrchestratorConsole.Core.Features.Cluster;

namespace OrchestratorConsole.UI.Features.Cluster;

// Another node's server: Start, Stop and Restart in its row, through a signed call to that node.
public sealed partial class ClusterPage
{
    /// <summary>The nodes whose call is on its way, so their buttons wait.</summary>
    private readonly HashSet<Guid> _acting = [];

    private bool IsActing(ClusterNodeView node) => _acting.Contains(node.NodeId);

    private async Task ActAsync(ClusterNodeView node, ServerAction action)
    {
        if (action != ServerAction.Start && await Dialogs.ShowMessageBoxAsync(
                $"{action} {node.Name}?",
                $"{action} the Orchestrator server of {node.Name} ({node.PublicUrl})? Work running on it is interrupted{(action == ServerAction.Restart ? " until it runs again" : string.Empty)}.",
                yesText: action.ToString(),
                cancelText: "Cancel") != true)
        {
            return;
        }

        _acting.Add(node.NodeId);
        StateHasChanged();
        try
        {
            NodeServerOutcome? outcome = null;
            if (await RunAsync(async () => outcome = await Servers.ActAsync(Actor, node.NodeId, action, _closing.Token)) && outcome is not null)
            {
                Snackbar.Add($"{node.Name} accepted the {NodeServerService.NameOf(action)}: its server is {outcome.Server.State}.", Severity.Success);
            }

            await RefreshAsync();
        }
        finally
        {
            _acting.Remove(node.NodeId);
        }
    }
}
