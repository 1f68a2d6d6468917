using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Configuration;

namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>
/// The seed's rule: content that all nodes share (plug-in content, the database schema) changes only while no other
/// node of the cluster runs.
/// </summary>
public sealed class ContentChangeGuard(ClusterService cluster)
{
    public async Task EnsureNoOtherNodesRunningAsync(string change, DatabaseSettings database, CancellationToken cancellationToken = default)
    {
        var others = await cluster.OtherRunningNodesAsync(database, cancellationToken);
        if (others.Count > 0)
        {
            throw new ConflictException(
                $"{change} is refused while other nodes of the cluster are running: {string.Join(", ", others.Select(n => $"{n.Name} ({n.PublicUrl})"))}. Stop them first, then try again.",
                "Other nodes are running");
        }
    }
}
