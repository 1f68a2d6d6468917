using Microsoft.EntityFrameworkCore;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Data;
using OrchestratorConsole.Core.Features.Audit;
using OrchestratorConsole.Core.Features.Server;

namespace OrchestratorConsole.Core.Features.Node;

/// <summary>The node's stable id: generated once at first start and kept in the settings store.</summary>
public sealed class NodeIdentityService(IDbContextFactory<SettingsDbContext> dbFactory, AuditService audit, TimeProvider time)
{
    private Guid? _nodeId;

    public Guid NodeId => _nodeId ?? throw new InvalidOperationException("The node identity is read at start-up; it is not loaded yet.");

    public async Task<Guid> EnsureAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var record = await db.NodeIdentity.OrderBy(r => r.Id).FirstOrDefaultAsync(cancellationToken);
        if (record is null)
        {
            record = new NodeIdentityRecord { NodeId = Guid.NewGuid(), CreatedAt = time.GetUtcNow() };
            db.NodeIdentity.Add(record);
            await db.SaveChangesAsync(cancellationToken);
        }

        _nodeId = record.NodeId;
        return record.NodeId;
    }

    /// <summary>Gives the node a new id (a cloned machine carries its original's); the server must not run.</summary>
    public async Task<Guid> RegenerateAsync(Actor actor, ServerState serverState, CancellationToken cancellationToken = default)
    {
        actor.DemandAdministrator();
        if (serverState is not (ServerState.Stopped or ServerState.Failed))
        {
            throw new ConflictException("Stop the Orchestrator server before regenerating the node identity.", "Server running");
        }

        var old = NodeId;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var record = await db.NodeIdentity.OrderBy(r => r.Id).FirstAsync(cancellationToken);
        record.NodeId = Guid.NewGuid();
        record.CreatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        _nodeId = record.NodeId;
        await audit.RecordAsync(actor, "node.regenerate-identity", null, $"{old} -> {record.NodeId}", cancellationToken: cancellationToken);
        return record.NodeId;
    }
}
