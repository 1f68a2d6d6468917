using Microsoft.EntityFrameworkCore;
using OrchestratorConsole.Core.Data;

namespace OrchestratorConsole.Core.Features.Node;

/// <summary>The node's stable id: generated once at first start and kept in the settings store.</summary>
public sealed class NodeIdentityService(IDbContextFactory<SettingsDbContext> dbFactory, TimeProvider time)
{
    private Guid? _nodeId;

    public Guid NodeId => _nodeId ?? throw new InvalidOperationException("The node identity is read at start-up; it is not loaded yet.");

    public async Task<Guid> EnsureAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var record = await db.NodeIdentity.FirstOrDefaultAsync(cancellationToken);
        if (record is null)
        {
            record = new NodeIdentityRecord { NodeId = Guid.NewGuid(), CreatedAt = time.GetUtcNow() };
            db.NodeIdentity.Add(record);
            await db.SaveChangesAsync(cancellationToken);
        }

        _nodeId = record.NodeId;
        return record.NodeId;
    }
}
