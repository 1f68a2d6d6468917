using Microsoft.AspNetCore.Components;
using MudBlazor;
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
        "plugins" => "/plugins",
        _ => null,
    };

    /// <summary>Green, amber (incomplete, the server still starts) or red (the server cannot start).</summary>
    private static string IconOf(SectionValidation section) => section.State switch
    {
        "valid" => Icons.Material.Filled.CheckCircle,
        "warning" => Icons.Material.Filled.Warning,
        _ => Icons.Material.Filled.Error,
    };

    private static Color ColorOf(SectionValidation section) => section.State switch
    {
        "valid" => Color.Success,
        "warning" => Color.Warning,
        _ => Color.Error,
    };

    private static string StateText(SectionValidation section) => section.State switch
    {
        "valid" => "valid",
        "warning" => "incomplete",
        _ => "needs attention",
    };

    protected override async Task LoadAsync() => _node = await Node.GetAsync();
}
