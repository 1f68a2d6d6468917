using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace OrchestratorConsole.Core.Data.Orchestrator;

/// <summary>Something that happened to the cluster: a node declared failed, a takeover.</summary>
public sealed class ClusterEventRecord
{
    public long Id { get; set; }

    public DateTimeOffset Time { get; set; }

    public required string Kind { get; set; }

    public Guid? NodeId { get; set; }

    public string? NodeName { get; set; }

    public required string Detail { get; set; }

    public Guid? ByNodeId { get; set; }

    public long? Epoch { get; set; }
}
