using Microsoft.AspNetCore.Components;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Node;
using OrchestratorConsole.UI.Components;

namespace OrchestratorConsole.UI.Features.Node;

public partial class OverviewPage : ConsolePage
{
    [Inject]
    public required NodeInfoService Node { get; init; }

    private NodeInfo? _node;

    /// <summary>The tab where a section is edited; sections without a tab yet have none.</summary>
    private static string? TabOf(string section) => section switch
    {
        ConfigurationRegistry.General => "/general",
        ConfigurationRegistry.Database => "/database",
        ConfigurationRegistry.Log => "/log",
        _ => null,
    };

    protected override async Task LoadAsync() => _node = await Node.GetAsync();
}
