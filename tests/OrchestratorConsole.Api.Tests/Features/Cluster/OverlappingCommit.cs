using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using OrchestratorConsole.Core.Features.Configuration;

namespace OrchestratorConsole.Api.Tests.Features.Cluster;

/// <summary>
/// A settings store where the first commit writing a chosen section waits until another save of that section is under
/// way: the two overlap on one version, as when a retry arrives while its first attempt is still committing.
/// </summary>
public sealed class OverlappingCommit : DbTransactionInterceptor, ISaveChangesInterceptor
{
    private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _section;
    private DbContext? _holder;
    private int _conflicts;

    /// <summary>Completes when the first commit of the chosen section waits.</summary>
    public Task FirstCommitHeld => _held.Task;

    /// <summary>How many overlapping saves the store refused.</summary>
    public int Conflicts => _conflicts;

    public void HoldFirstCommitOf(string section) => _section = section;

    public override async ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        if (Writes(eventData.Context) && Interlocked.CompareExchange(ref _holder, eventData.Context, null) is null)
        {
            _held.SetResult();
            await _released.Task.WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        }

        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (_holder is { } holder && eventData.Context != holder && Writes(eventData.Context))
        {
            _released.TrySetResult();
        }

        return ValueTask.FromResult(result);
    }

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        if (_holder is { } holder && eventData.Context != holder && eventData.Exception is DbUpdateException)
        {
            Interlocked.Increment(ref _conflicts);
        }

        return Task.CompletedTask;
    }

    private bool Writes(DbContext? context) =>
        _section is { } section && context?.ChangeTracker.Entries<ConfigurationRevision>().Any(e => e.Entity.Section == section) == true;
}
