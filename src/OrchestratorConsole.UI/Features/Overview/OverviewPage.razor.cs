using Microsoft.AspNetCore.Components;
using OrchestratorConsole.Core.Features.Node;
using OrchestratorConsole.UI.Components;

namespace OrchestratorConsole.UI.Features.Overview;

public partial class OverviewPage : ConsolePage
{
    [Inject]
    public required NodeInfoService Node { get; init; }

    private NodeInfo? _node;

    protected override async Task LoadAsync() => _node = await Node.GetAsync();
}
