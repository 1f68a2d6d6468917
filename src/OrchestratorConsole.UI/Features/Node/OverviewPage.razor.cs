using Microsoft.AspNetCore.Components;
using MudBlazor;
using OrchestratorConsole.Core.Features.Certificates;
using OrchestratorConsole.Core.Features.Node;
using OrchestratorConsole.Core.Features.Trust;
using OrchestratorConsole.UI.Components;

namespace OrchestratorConsole.UI.Features.Node;

public partial class OverviewPage : ConsolePage, IDisposable
{
    [Inject]
    public required NodeInfoService Node { get; init; }

    [Inject]
    public required NodeValidationFeed Validation { get; init; }

    [Inject]
    public required ServerCertificateService Certificate { get; init; }

    [Inject]
    public required TrustService Trust { get; init; }

    private NodeInfo? _node;
    private IReadOnlyList<CertificateApprovalView> _awaitingApproval = [];

    private static string StateText(SectionValidation section) => section.State switch
    {
        "valid" => "valid",
        "warning" => "incomplete",
        _ => "needs attention",
    };

    protected override async Task LoadAsync()
    {
        // Two stores' reads, neither waiting for the other; the node is shown as soon as it is read.
        var node = Node.GetAsync();
        var awaiting = Trust.ListAwaitingAsync();
        _node = await node;
        if (!awaiting.IsCompleted)
        {
            StateHasChanged();
        }

        _awaitingApproval = await awaiting;
        Validation.Changed += OnValidationChanged;
    }

    /// <summary>The states follow the node while the page is open, as the side menu's do.</summary>
    private void OnValidationChanged() => _ = InvokeAsync(async () =>
    {
        _node = await Node.GetAsync();
        StateHasChanged();
    });

    public void Dispose() => Validation.Changed -= OnValidationChanged;
}
