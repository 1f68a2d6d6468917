namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>The outcome of an action on all the other nodes: every node's last step, in the order they were taken.</summary>
public sealed record OtherNodesServerResult(ServerAction Action, bool Succeeded, IReadOnlyList<NodeServerProgress> Nodes);
