using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace OrchestratorConsole.Core.Data.Orchestrator;

/// <summary>An active slot: held by one node until <see cref="ExpiresAt"/> (database clock); the epoch grows at every takeover.</summary>
public sealed class ClusterLease
{
    public int Slot { get; set; }

    public Guid? HolderNodeId { get; set; }

    public Guid? HolderNonce { get; set; }

    public long Epoch { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}
