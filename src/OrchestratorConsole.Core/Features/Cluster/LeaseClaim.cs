namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>
/// This process's claim on an active slot: the node and the instance that holds it, how many active slots the cluster
/// wants, and how long a lease lasts (the failover timeout; a node silent for longer is declared failed).
/// </summary>
public sealed record LeaseClaim(Guid NodeId, Guid Nonce, int ActiveNodes, TimeSpan TimeToLive);
