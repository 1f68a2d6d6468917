namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>An active slot this node holds: which slot, in which epoch.</summary>
public sealed record LeaseGrant(int Slot, long Epoch);
