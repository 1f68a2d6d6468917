using Microsoft.EntityFrameworkCore;

namespace OrchestratorConsole.Core.Features.Configuration;

// The commit of a save: its revisions and audit events in one transaction, retried by the store's execution strategy,
// and a commit whose acknowledgement was lost recognised as landed rather than failed.
public sealed partial class ConfigurationService
{
    private async Task CommitAsync(ConfigurationSave save, List<ConfigurationRevision> revisions, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var strategy = db.Database.CreateExecutionStrategy();
        try
        {
            await strategy.ExecuteInTransactionAsync(
                async ct =>
                {
                    db.ChangeTracker.Clear();
                    // Each attempt inserts afresh: an id handed out to an attempt that was rolled back is not reused.
                    revisions.ForEach(r => r.Id = 0);
                    if (save.Alongside is not null)
                    {
                        await save.Alongside(db, ct);
                    }

                    db.Revisions.AddRange(revisions);
                    // The audit events commit with the revisions: a failure after the commit must not report a save that landed as failed.
                    foreach (var revision in revisions)
                    {
                        audit.Add(db, save.Actor, save.Action, revision.Section, $"version {revision.Version}" + (save.Source is null ? string.Empty : $", {save.Source}") + (revision.Comment is null ? string.Empty : $": {revision.Comment}"));
                    }

                    await db.SaveChangesAsync(ct);
                },
                // A commit whose acknowledgement was lost may have landed: the retry looks first, rather than conflicting with itself on the unique version.
                ct => LandedAsync(revisions, ct),
                cancellationToken);
        }
        catch (DbUpdateException) when (revisions.Count > 0)
        {
            revisions.ForEach(r => _cache.Forget(r.Section));
            var first = save.Defining.FirstOrDefault(d => d.Name == revisions[0].Section) ?? registry.Require(revisions[0].Section);
            throw StaleVersion(first, await LatestAsync(first, cancellationToken));
        }
    }

    /// <summary>
    /// Whether <paramref name="revisions"/> are in the store as this save wrote them (section, version, author, values,
    /// comment and source; a secret's ciphertext is unique to the save); if so they take the ids the store gave them.
    /// </summary>
    private async Task<bool> LandedAsync(List<ConfigurationRevision> revisions, CancellationToken cancellationToken)
    {
        if (revisions.Count == 0)
        {
            return false;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var stored = new List<ConfigurationRevision>();
        foreach (var revision in revisions)
        {
            var found = await db.Revisions.AsNoTracking().FirstOrDefaultAsync(r => r.Section == revision.Section && r.Version == revision.Version, cancellationToken);
            if (found is null || (found.Author, found.Values, found.Comment, found.Source) != (revision.Author, revision.Values, revision.Comment, revision.Source))
            {
                return false;
            }

            stored.Add(found);
        }

        for (var i = 0; i < revisions.Count; i++)
        {
            revisions[i].Id = stored[i].Id;
        }

        return true;
    }
}
