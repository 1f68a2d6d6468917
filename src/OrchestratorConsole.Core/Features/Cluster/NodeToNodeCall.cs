namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>What <see cref="NodeToNodeSigningHandler"/> signs a call with: the cluster key and the administrator who acted.</summary>
public sealed record NodeToNodeCall(byte[] ClusterKey, string Actor);
