using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using OrchestratorConsole.Core.Features.Configuration;

namespace OrchestratorConsole.Core.Tests.Features.Configuration;

/// <summary>
/// A connection to the settings store that fails at a commit writing revisions of a chosen section, with the error
/// Npgsql raises when the connection breaks (transient, so the execution strategy retries): either after the commit
/// landed, its acknowledgement lost on the way back, or before it, so that nothing lands.
/// </summary>
public sealed class CommitAcknowledgementLoss : DbTransactionInterceptor
{
    private string? _section;
    private bool _afterCommit;
    private int _faults;

    /// <summary>How many commits failed.</summary>
    public int Faults => _faults;

    /// <summary>The next commit writing <paramref name="section"/> lands, then its acknowledgement is lost.</summary>
    public void LoseNextAcknowledgement(string section) => (_section, _afterCommit) = (section, true);

    /// <summary>The next commit writing <paramref name="section"/> fails before it reaches the server.</summary>
    public void BreakNextCommit(string section) => (_section, _afterCommit) = (section, false);

    public override ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        ThrowIfChosen(eventData.Context, afterCommit: false);
        return ValueTask.FromResult(result);
    }

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ThrowIfChosen(eventData.Context, afterCommit: true);
        return Task.CompletedTask;
    }

    private void ThrowIfChosen(DbContext? context, bool afterCommit)
    {
        if (_section is not { } section || _afterCommit != afterCommit
            || context?.ChangeTracker.Entries<ConfigurationRevision>().Any(e => e.Entity.Section == section) != true)
        {
            return;
        }

        _section = null;
        Interlocked.Increment(ref _faults);
        throw new NpgsqlException("Exception while reading from stream", new IOException("Connection reset by peer"));
    }
}
