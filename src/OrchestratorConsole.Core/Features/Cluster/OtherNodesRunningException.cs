using OrchestratorConsole.Core.Common;

namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>The content-change guard's refusal (409): other nodes of the cluster run. The console offers to stop them.</summary>
public sealed class OtherNodesRunningException(string detail, IReadOnlyList<string> nodes) : ConflictException(detail, "Other nodes are running")
{
    /// <summary>The running nodes, each as its name and address.</summary>
    public IReadOnlyList<string> Nodes { get; } = nodes;
}
