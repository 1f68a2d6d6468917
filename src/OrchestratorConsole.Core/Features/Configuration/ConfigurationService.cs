using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Data;
using OrchestratorConsole.Core.Features.Audit;

namespace OrchestratorConsole.Core.Features.Configuration;

/// <summary>Reads and saves the sections of the registry, built-in and plug-in alike; every save is an immutable revision.</summary>
public sealed partial class ConfigurationService(
    IDbContextFactory<SettingsDbContext> dbFactory,
    ConfigurationRegistry registry,
    ConfigurationHistory history,
    SecretProtector protector,
    AuditService audit,
    ConfigurationEvents events,
    Telemetry.ConsoleMetrics metrics,
    TimeProvider time,
    ILogger<ConfigurationService> logger,
    IEnumerable<ISectionSaveCheck> checks)
{
    private readonly ConfigurationCache _cache = new();

    public ConfigurationRegistry Registry => registry;

    /// <summary>Every revision of every section, and their diffs.</summary>
    public ConfigurationHistory History => history;

    /// <summary>Writes version 1 of every section that has never been saved.</summary>
    public async Task EnsureInitialRevisionsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var existing = await db.Revisions.Select(r => r.Section).Distinct().ToListAsync(cancellationToken);
        foreach (var section in registry.Sections.Where(s => !existing.Contains(s.Name)))
        {
            db.Revisions.Add(NewRevision(section, section.Defaults(), 1, Actor.System, "Initial configuration", null));
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<SectionState<T>> GetAsync<T>(CancellationToken cancellationToken = default)
        where T : class, ISectionSettings
    {
        var section = ConfigurationRegistry.For<T>();
        var read = await ReadAsync(section, cancellationToken);
        return new SectionState<T>((T)section.ToSettings(read.Values), read.Version, read.SavedAt, read.SavedBy);
    }

    /// <summary>A section's live values with secrets in clear: for fingerprints, exports and checks inside the node.</summary>
    public async Task<SectionValues> ReadAsync(SectionDefinition section, CancellationToken cancellationToken = default)
    {
        var revision = await LatestAsync(section, cancellationToken);
        return new SectionValues(section, SectionJson.Reveal(section, revision.Values, protector), revision.Version, revision.Time, revision.Author);
    }

    /// <summary>The section as the API returns it.</summary>
    public async Task<SectionView> GetViewAsync(string sectionName, CancellationToken cancellationToken = default)
    {
        var read = await ReadAsync(registry.Require(sectionName), cancellationToken);
        return new SectionView(read.Section.Name, read.Version, SectionJson.Redact(read.Section, read.Values));
    }

    /// <summary>The longest comment a save keeps with its revisions.</summary>
    public const int MaxCommentLength = 1024;

    /// <summary>What is wrong with a save's comment, or null.</summary>
    public static string? CommentProblem(string? comment) =>
        TextLimits.Problem("The comment", comment, MaxCommentLength);

    /// <summary>Saves typed settings from the console; a secret left null keeps the stored one.</summary>
    public async Task<SectionState<T>> SaveAsync<T>(Actor actor, T settings, int expectedVersion, string? comment, CancellationToken cancellationToken = default)
        where T : class, ISectionSettings
    {
        var section = ConfigurationRegistry.For<T>();
        await SaveManyAsync(new ConfigurationSave(actor, [new SectionChange(section.Name, section.ToJson(settings), expectedVersion)]) { Comment = comment }, cancellationToken);
        return await GetAsync<T>(cancellationToken);
    }

    /// <summary>
    /// Saves a section from JSON: fields left out keep their value, a secret sent as null keeps the stored one,
    /// unknown and read-only fields are ignored. Returns the saved section as the API shows it.
    /// </summary>
    public async Task<SectionView> SaveAsync(Actor actor, string sectionName, JsonObject changes, int? expectedVersion, string? comment, CancellationToken cancellationToken = default)
    {
        actor.DemandAdministrator();
        var section = registry.Require(sectionName);
        if (expectedVersion is null)
        {
            throw ValidationFailedException.For("version", "The section's version is required: send back the version that GET returned.");
        }

        await SaveManyAsync(new ConfigurationSave(actor, [new SectionChange(section.Name, changes, expectedVersion)]) { Comment = comment }, cancellationToken);
        return await GetViewAsync(section.Name, cancellationToken);
    }

    /// <summary>The saved settings with <paramref name="changes"/> laid over them, without saving (for a test before a save).</summary>
    public async Task<T> MergeAsync<T>(JsonObject? changes, CancellationToken cancellationToken = default)
        where T : class, ISectionSettings
    {
        var section = ConfigurationRegistry.For<T>();
        var current = (await ReadAsync(section, cancellationToken)).Values;
        return (T)section.ToSettings(changes is null ? current : SectionJson.Merge(section, current, changes, clearSecretsSentAsNull: false));
    }

    /// <summary>Saves an old revision's values as a new revision of its section.</summary>
    public async Task<SectionView> RestoreAsync(Actor actor, long revisionId, string? comment, CancellationToken cancellationToken = default)
    {
        actor.DemandAdministrator();
        ConfigurationRevision old;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            old = await ConfigurationHistory.FindRevisionAsync(db, revisionId, cancellationToken);
        }

        var section = registry.Find(old.Section)
            ?? throw new ConflictException($"Revision {old.Version} belongs to '{old.Section}', which this node no longer has (was its plug-in uninstalled?): there is nothing to restore it into.");
        var current = await LatestAsync(section, cancellationToken);
        await SaveManyAsync(
            new ConfigurationSave(actor, [new SectionChange(section.Name, SectionJson.Reveal(section, old.Values, protector), current.Version)])
            {
                // The restored version as History lists it: its section, version, author and time.
                Comment = comment ?? $"Restored {section.Title} version {old.Version}, saved by {old.Author} on {old.Time.UtcDateTime:yyyy-MM-dd HH:mm} UTC",
                Source = $"restore of revision {old.Id} (version {old.Version})",
                Action = "configuration.restore",
                ClearSecretsSentAsNull = true,
            },
            cancellationToken);
        return await GetViewAsync(section.Name, cancellationToken);
    }

    /// <summary>
    /// Saves several sections atomically (see <see cref="ConfigurationSave"/>). Rules between sections see the new
    /// values. Returns the revisions written; sections whose values did not change get none.
    /// </summary>
    public Task<IReadOnlyList<RevisionSummary>> SaveManyAsync(ConfigurationSave save, CancellationToken cancellationToken = default) =>
        Telemetry.ConsoleMetrics.CountAsync(() => SaveChangesAsync(save, cancellationToken), metrics.Saved);

    private async Task<IReadOnlyList<RevisionSummary>> SaveChangesAsync(ConfigurationSave save, CancellationToken cancellationToken)
    {
        save.Actor.DemandAdministrator();
        if (CommentProblem(save.Comment) is { } problem)
        {
            throw ValidationFailedException.For("comment", problem);
        }

        var prepared = new List<(SectionDefinition Section, ConfigurationRevision Current, JsonObject CurrentValues, JsonObject Values)>();
        foreach (var change in save.Changes)
        {
            var section = save.Defining.FirstOrDefault(d => d.Name == change.Section) ?? registry.Require(change.Section);
            // Stored values are read in the form they were written in: an upgrade may make a plain field secret.
            var writtenAs = registry.Find(section.Name) ?? section;
            var current = await LatestAsync(writtenAs, cancellationToken);
            if (change.ExpectedVersion is { } expected && current.Version != expected)
            {
                throw StaleVersion(section, current);
            }

            var currentValues = SectionJson.Reveal(writtenAs, current.Values, protector);
            var merged = SectionJson.Merge(section, currentValues, change.Values, save.ClearSecretsSentAsNull);
            prepared.Add((section, current, currentValues, section.Normalize(merged)));
        }

        var revisions = new List<ConfigurationRevision>();
        foreach (var (section, current, currentValues, values) in prepared)
        {
            var changed = !JsonNode.DeepEquals(values, currentValues);
            await ThrowIfInvalidAsync(section, values, prepared.ToDictionary(p => p.Section.Name, p => p.Values), changed, cancellationToken);
            // A section never saved (a plug-in just installed) gets its first revision even with its default values.
            if (current.Version == 0 || changed)
            {
                revisions.Add(NewRevision(section, values, current.Version + 1, save.Actor, string.IsNullOrWhiteSpace(save.Comment) ? null : save.Comment.Trim(), save.Source));
            }
        }

        if (revisions.Count == 0 && save.Alongside is null)
        {
            return [];
        }

        await CommitAsync(save, revisions, cancellationToken);
        foreach (var revision in revisions)
        {
            _cache.Offer(revision);
            LogSaved(logger, revision.Section, revision.Version, save.Actor.UserName);
        }

        foreach (var revision in revisions)
        {
            events.RaiseSaved(revision.Section);
        }

        return revisions.Select(ConfigurationHistory.Summarize).ToList();
    }

    /// <summary>Forgets cached values; the next read goes to the store.</summary>
    public void Invalidate() => _cache.Clear();

    // The machine's checks look at a change only: values saved before are not refused again because a port is taken now.
    private async Task ThrowIfInvalidAsync(SectionDefinition section, JsonObject values, Dictionary<string, JsonObject> overlay, bool changed, CancellationToken cancellationToken)
    {
        async Task<JsonObject> ValueOf(string name) =>
            overlay.TryGetValue(name, out var pending) ? pending : (await ReadAsync(registry.Require(name), cancellationToken)).Values;

        var errors = section.Validate(values)
            .Concat(await ClusterRules.CheckAsync(section.Name, values, ValueOf))
            .Concat(checks.Where(c => changed && c.Section == section.Name).SelectMany(c => c.Check(values)))
            .GroupBy(e => e.Field)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray());
        if (errors.Count > 0)
        {
            throw new ValidationFailedException($"The {section.Title} settings were not saved: {string.Join(" ", errors.Values.SelectMany(m => m))}", errors);
        }
    }

    private static StaleVersionException StaleVersion(SectionDefinition section, ConfigurationRevision current) =>
        new($"The {section.Title} settings were changed by {current.Author} at {current.Time:u} (now version {current.Version}). Nothing was saved: reload the section and apply your change again.");

    private ConfigurationRevision NewRevision(SectionDefinition section, JsonObject clearValues, int version, Actor actor, string? comment, string? source) => new()
    {
        Section = section.Name,
        Version = version,
        Author = actor.UserName,
        Time = time.GetUtcNow(),
        Comment = comment,
        Source = source,
        Values = SectionJson.Conceal(section, clearValues, protector),
    };

    private async Task<ConfigurationRevision> LatestAsync(SectionDefinition section, CancellationToken cancellationToken)
    {
        if (_cache.TryGet(section.Name, out var cached))
        {
            return cached;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var latest = await db.Revisions.AsNoTracking()
            .Where(r => r.Section == section.Name)
            .OrderByDescending(r => r.Version)
            .FirstOrDefaultAsync(cancellationToken);
        if (latest is null)
        {
            return NewRevision(section, section.Defaults(), 0, Actor.System, null, null);
        }

        _cache.Offer(latest);
        _cache.TryGet(section.Name, out var highest);
        return highest;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Configuration section {Section} saved as version {Version} by {User}")]
    private static partial void LogSaved(ILogger logger, string section, int version, string user);
}
