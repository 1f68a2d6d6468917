using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace OrchestratorConsole.Core.Features.Audit;

/// <summary>
/// Hands every audit row the settings store has just written to the <see cref="AuditForwarder"/>: one place for the
/// events recorded alone and for those written in the transaction of the change they record.
/// </summary>
public sealed class AuditForwardingInterceptor(Lazy<AuditForwarder> forwarder) : SaveChangesInterceptor
{
    private readonly ConditionalWeakTable<DbContext, List<AuditEvent>> _pending = [];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Collect(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Collect(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Forward(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Forward(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Discard(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Discard(eventData.Context);
        return Task.CompletedTask;
    }

    private void Collect(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        var added = context.ChangeTracker.Entries<AuditEvent>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        if (added.Count > 0)
        {
            _pending.AddOrUpdate(context, added);
        }
    }

    private void Forward(DbContext? context)
    {
        if (context is null || !_pending.TryGetValue(context, out var written))
        {
            return;
        }

        _pending.Remove(context);
        foreach (var audit in written)
        {
            forwarder.Value.Enqueue(audit);
        }
    }

    private void Discard(DbContext? context)
    {
        if (context is not null)
        {
            _pending.Remove(context);
        }
    }
}
