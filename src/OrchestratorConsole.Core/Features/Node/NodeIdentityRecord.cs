namespace OrchestratorConsole.Core.Features.Node;

/// <summary>The single row that holds this node's stable id, generated at first start.</summary>
public sealed class NodeIdentityRecord
{
    public int Id { get; set; } = 1;

    public Guid NodeId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
