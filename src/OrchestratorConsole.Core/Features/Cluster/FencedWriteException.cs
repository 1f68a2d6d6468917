namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>A write of the Active was refused because its lease epoch is no longer current.</summary>
public sealed class FencedWriteException(int slot, long epoch)
    : Exception($"The write was refused: this node no longer holds active slot {slot} in epoch {epoch}.");
