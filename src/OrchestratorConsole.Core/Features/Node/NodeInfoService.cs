using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Server;

namespace OrchestratorConsole.Core.Features.Node;

/// <summary>The node as other nodes and scripts see it; its sections' states as the side menu shows them, validated once per change.</summary>
public sealed class NodeInfoService(
    NodeIdentityService identity,
    ConfigurationService configuration,
    NodeValidationFeed validation,
    OrchestratorServer server,
    NodeAddress address)
{
    public async Task<NodeInfo> GetAsync(CancellationToken cancellationToken = default)
    {
        var general = await configuration.GetAsync<GeneralSettings>(cancellationToken);
        var status = server.Status;
        return new NodeInfo(identity.NodeId, general.Settings.Name, ProductInfo.Version, address.PublicUrl, new NodeServerInfo(status.State, status.Role), await validation.GetAsync(cancellationToken));
    }
}
