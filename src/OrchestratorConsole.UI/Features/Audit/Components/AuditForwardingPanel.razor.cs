using Microsoft.AspNetCore.Components;
using OrchestratorConsole.Core.Features.Audit;
using OrchestratorConsole.UI.Components;

namespace OrchestratorConsole.UI.Features.Audit.Components;

/// <summary>What audit forwarding is doing on this node, for the Troubleshooting tab.</summary>
public sealed partial class AuditForwardingPanel : ConsolePage
{
    [Inject]
    public required AuditForwarder Forwarder { get; init; }

    private AuditForwardingStatus? _status;

    protected override Task LoadAsync() => RunAsync(async () => _status = await Forwarder.GetStatusAsync());
}
