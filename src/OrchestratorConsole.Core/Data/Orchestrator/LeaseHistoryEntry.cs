using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace OrchestratorConsole.Core.Data.Orchestrator;

/// <summary>Who held a slot in which epoch, from when until when: the record that proves no two holders overlapped.</summary>
public sealed class LeaseHistoryEntry
{
    public long Id { get; set; }

    public int Slot { get; set; }

    public long Epoch { get; set; }

    public Guid NodeId { get; set; }

    public DateTimeOffset AcquiredAt { get; set; }

    public DateTimeOffset ValidUntil { get; set; }
}
