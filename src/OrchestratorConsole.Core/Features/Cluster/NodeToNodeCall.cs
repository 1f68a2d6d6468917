namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>What <see cref="NodeToNodeSigningHandler"/> signs a call with: the cluster key, the administrator who acted and the node the call is for.</summary>
public sealed record NodeToNodeCall(byte[] ClusterKey, string Actor, Guid Receiver);
