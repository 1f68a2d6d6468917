using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Data;
using OrchestratorConsole.Core.Features.Audit;

namespace OrchestratorConsole.Core.Features.Configuration;

/// <summary>Reads and saves configuration sections; every save is an immutable revision.</summary>
public sealed partial class ConfigurationService(
    IDbContextFactory<SettingsDbContext> dbFactory,
    SecretProtector secrets,
    AuditService audit,
    ConfigurationEvents events,
    TimeProvider time,
    ILogger<ConfigurationService> logger)
{
    private readonly ConcurrentDictionary<string, ConfigurationRevision> _latest = new(StringComparer.Ordinal);

    /// <summary>Writes version 1 of every section that has never been saved.</summary>
    public async Task EnsureInitialRevisionsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var existing = await db.Revisions.Select(r => r.Section).Distinct().ToListAsync(cancellationToken);
        foreach (var section in ConfigurationRegistry.Sections.Where(s => !existing.Contains(s.Name)))
        {
            var values = JsonSerializer.SerializeToNode(section.CreateDefault(), section.SettingsType, ConfigurationRegistry.JsonOptions)!.AsObject();
            db.Revisions.Add(NewRevision(section, values, 1, Actor.System, "Initial configuration", null));
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<SectionState<T>> GetAsync<T>(CancellationToken cancellationToken = default)
        where T : class, ISectionSettings
    {
        var section = ConfigurationRegistry.For<T>();
        var revision = await LatestAsync(section, cancellationToken);
        var settings = (T)Deserialize(section, Decrypt(section, revision.Values));
        return new SectionState<T>(settings, revision.Version, revision.Time, revision.Author);
    }

    /// <summary>A section's live settings, untyped, secrets in clear.</summary>
    public async Task<ISectionSettings> GetSettingsAsync(SectionDefinition section, CancellationToken cancellationToken = default)
    {
        var revision = await LatestAsync(section, cancellationToken);
        return (ISectionSettings)Deserialize(section, Decrypt(section, revision.Values));
    }

    /// <summary>A section's live values as JSON with secrets in clear, and when they were saved: for fingerprints and exports inside the node.</summary>
    public async Task<(JsonObject Values, DateTimeOffset SavedAt)> GetClearValuesAsync(SectionDefinition section, CancellationToken cancellationToken = default)
    {
        var revision = await LatestAsync(section, cancellationToken);
        return (Decrypt(section, revision.Values), revision.Time);
    }

    /// <summary>The section as the API returns it.</summary>
    public async Task<SectionView> GetViewAsync(string sectionName, CancellationToken cancellationToken = default)
    {
        var section = Require(sectionName);
        var revision = await LatestAsync(section, cancellationToken);
        return new SectionView(section.Name, revision.Version, Redact(section, Decrypt(section, revision.Values)));
    }

    /// <summary>Saves typed settings from the console; a secret left null keeps the stored one.</summary>
    public Task<SectionState<T>> SaveAsync<T>(Actor actor, T settings, int expectedVersion, string? comment, CancellationToken cancellationToken = default)
        where T : class, ISectionSettings
    {
        var section = ConfigurationRegistry.For<T>();
        var changes = JsonSerializer.SerializeToNode(settings, section.SettingsType, ConfigurationRegistry.JsonOptions)!.AsObject();
        return SaveAndReadAsync<T>(actor, section, changes, expectedVersion, comment, null, cancellationToken);
    }

    /// <summary>
    /// Saves a section from JSON: fields left out keep their value, a secret sent as null keeps the stored one,
    /// unknown and read-only fields are ignored. Returns the saved section as the API shows it.
    /// </summary>
    public async Task<SectionView> SaveAsync(Actor actor, string sectionName, JsonObject changes, int? expectedVersion, string? comment, string? source = null, CancellationToken cancellationToken = default)
    {
        var section = Require(sectionName);
        if (expectedVersion is null)
        {
            throw ValidationFailedException.For("version", "The section's version is required: send back the version that GET returned.");
        }

        await SaveCoreAsync(actor, section, changes, expectedVersion.Value, comment, source, cancellationToken);
        return await GetViewAsync(section.Name, cancellationToken);
    }

    /// <summary>The saved settings with <paramref name="changes"/> laid over them, without saving (for a test before a save).</summary>
    public async Task<T> MergeAsync<T>(JsonObject? changes, CancellationToken cancellationToken = default)
        where T : class, ISectionSettings
    {
        var section = ConfigurationRegistry.For<T>();
        var revision = await LatestAsync(section, cancellationToken);
        var current = Decrypt(section, revision.Values);
        return (T)Deserialize(section, changes is null ? current : Merge(section, current, changes, allowEmptySecrets: false));
    }

    /// <summary>The history, newest first, optionally of one section.</summary>
    public async Task<Page<RevisionSummary>> ListRevisionsAsync(string? sectionName, int skip, int take, CancellationToken cancellationToken = default)
    {
        take = Math.Clamp(take, 1, 500);
        skip = Math.Max(0, skip);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Revisions.AsNoTracking();
        if (!string.IsNullOrEmpty(sectionName))
        {
            query = query.Where(r => r.Section == Require(sectionName).Name);
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(r => r.Id).Skip(skip).Take(take)
            .Select(r => new RevisionSummary(r.Id, r.Section, r.Version, r.Author, r.Time, r.Comment, r.Source))
            .ToListAsync(cancellationToken);
        return new Page<RevisionSummary>(items, total, skip, take);
    }

    /// <summary>Field-level diff from revision <paramref name="fromId"/> to <paramref name="toId"/>.</summary>
    public async Task<RevisionDiff> DiffAsync(long fromId, long toId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var from = await FindRevisionAsync(db, fromId, cancellationToken);
        var to = await FindRevisionAsync(db, toId, cancellationToken);
        var fromSection = Require(from.Section);
        var toSection = Require(to.Section);
        var fromValues = Decrypt(fromSection, from.Values);
        var toValues = Decrypt(toSection, to.Values);

        var fields = new List<FieldDiff>();
        foreach (var field in fromSection.Fields.Concat(toSection.Fields).DistinctBy(f => f.Path))
        {
            var before = from.Section == field.Section ? fromValues[field.Name] : null;
            var after = to.Section == field.Section ? toValues[field.Name] : null;
            if (JsonNode.DeepEquals(before, after))
            {
                continue;
            }

            fields.Add(field.IsSecret
                ? new FieldDiff(field.Section, field.Name, DescribeSecret(before), DescribeSecret(after) + (before is not null && after is not null ? " (changed)" : string.Empty), true)
                : new FieldDiff(field.Section, field.Name, Display(before), Display(after), false));
        }

        return new RevisionDiff(Summarize(from), Summarize(to), fields);
    }

    /// <summary>Saves an old revision's values as a new revision of its section.</summary>
    public async Task<SectionView> RestoreAsync(Actor actor, long revisionId, string? comment, CancellationToken cancellationToken = default)
    {
        actor.DemandAdministrator();
        ConfigurationRevision old;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            old = await FindRevisionAsync(db, revisionId, cancellationToken);
        }

        var section = Require(old.Section);
        var current = await LatestAsync(section, cancellationToken);
        var values = Decrypt(section, old.Values);
        await SaveCoreAsync(actor, section, values, current.Version, comment ?? $"Restored revision {old.Version}", $"restore of revision {old.Id} (version {old.Version})", cancellationToken, "configuration.restore", allowEmptySecrets: true);
        return await GetViewAsync(section.Name, cancellationToken);
    }

    private async Task<SectionState<T>> SaveAndReadAsync<T>(Actor actor, SectionDefinition section, JsonObject changes, int expectedVersion, string? comment, string? source, CancellationToken cancellationToken)
        where T : class, ISectionSettings
    {
        await SaveCoreAsync(actor, section, changes, expectedVersion, comment, source, cancellationToken);
        return await GetAsync<T>(cancellationToken);
    }

    private async Task SaveCoreAsync(Actor actor, SectionDefinition section, JsonObject changes, int expectedVersion, string? comment, string? source, CancellationToken cancellationToken, string action = "configuration.save", bool allowEmptySecrets = false) =>
        await SaveManyAsync(actor, [new SectionChange(section.Name, changes, expectedVersion)], comment, source, null, cancellationToken, action, allowEmptySecrets);

    /// <summary>
    /// Saves several sections atomically: all of them land as new revisions in one transaction, together with
    /// <paramref name="alongside"/>'s changes to the store, or none does. Rules between sections see the new values.
    /// Returns the revisions written (sections whose values did not change get none).
    /// </summary>
    public async Task<IReadOnlyList<RevisionSummary>> SaveManyAsync(
        Actor actor,
        IReadOnlyList<SectionChange> changes,
        string? comment,
        string? source,
        Func<SettingsDbContext, CancellationToken, Task>? alongside,
        CancellationToken cancellationToken,
        string action = "configuration.save",
        bool allowEmptySecrets = false)
    {
        actor.DemandAdministrator();
        if (comment?.Length > 1024)
        {
            throw ValidationFailedException.For("comment", "The comment is at most 1024 characters.");
        }

        var prepared = new List<(SectionDefinition Section, ConfigurationRevision Current, JsonObject CurrentValues, object Settings)>();
        foreach (var change in changes)
        {
            var section = Require(change.Section);
            var current = await LatestAsync(section, cancellationToken);
            if (change.ExpectedVersion is { } expected && current.Version != expected)
            {
                throw StaleVersion(section, current);
            }

            var currentValues = Decrypt(section, current.Values);
            prepared.Add((section, current, currentValues, Deserialize(section, Merge(section, currentValues, change.Values, allowEmptySecrets))));
        }

        var overlay = prepared.ToDictionary(p => p.Section.Name, p => p.Settings);
        var revisions = new List<ConfigurationRevision>();
        foreach (var (section, current, currentValues, settings) in prepared)
        {
            var errors = ((ISectionSettings)settings).Validate()
                .Concat(await CrossSectionErrorsAsync(section, settings, overlay, cancellationToken))
                .GroupBy(e => e.Field)
                .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray());
            if (errors.Count > 0)
            {
                throw new ValidationFailedException($"The {section.Title} settings were not saved: {string.Join(" ", errors.Values.SelectMany(m => m))}", errors);
            }

            var normalized = JsonSerializer.SerializeToNode(settings, section.SettingsType, ConfigurationRegistry.JsonOptions)!.AsObject();
            if (!JsonNode.DeepEquals(normalized, currentValues))
            {
                revisions.Add(NewRevision(section, normalized, current.Version + 1, actor, string.IsNullOrWhiteSpace(comment) ? null : comment.Trim(), source));
            }
        }

        if (revisions.Count == 0 && alongside is null)
        {
            return [];
        }

        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var strategy = db.Database.CreateExecutionStrategy();
            try
            {
                await strategy.ExecuteAsync(async () =>
                {
                    db.ChangeTracker.Clear();
                    await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                    if (alongside is not null)
                    {
                        await alongside(db, cancellationToken);
                    }

                    db.Revisions.AddRange(revisions);
                    // The audit events commit with the revisions: a failure after the commit must not report a save that landed as failed.
                    foreach (var revision in revisions)
                    {
                        audit.Add(db, actor, action, revision.Section, $"version {revision.Version}" + (source is null ? string.Empty : $", {source}") + (revision.Comment is null ? string.Empty : $": {revision.Comment}"));
                    }

                    await db.SaveChangesAsync(cancellationToken);
                    await transaction.CommitAsync(cancellationToken);
                });
            }
            catch (DbUpdateException) when (revisions.Count > 0)
            {
                foreach (var revision in revisions)
                {
                    _latest.TryRemove(revision.Section, out _);
                }

                var first = Require(revisions[0].Section);
                throw StaleVersion(first, await LatestAsync(first, cancellationToken));
            }
        }

        foreach (var revision in revisions)
        {
            _latest[revision.Section] = revision;
            LogSaved(logger, revision.Section, revision.Version, actor.UserName);
        }

        foreach (var revision in revisions)
        {
            events.RaiseSaved(revision.Section);
        }

        return revisions.Select(Summarize).ToList();
    }

    private async Task<IEnumerable<FieldError>> CrossSectionErrorsAsync(SectionDefinition section, object settings, IReadOnlyDictionary<string, object> overlay, CancellationToken cancellationToken)
    {
        async Task<T> ValueOf<T>()
            where T : class, ISectionSettings =>
            overlay.TryGetValue(ConfigurationRegistry.For<T>().Name, out var pending) ? (T)pending : (await GetAsync<T>(cancellationToken)).Settings;

        if (section.Name == ConfigurationRegistry.Cluster && settings is ClusterSettings { ClusterMode: true }
            && (await ValueOf<DatabaseSettings>()).Type == DatabaseType.Embedded)
        {
            return [new FieldError("clusterMode", ClusterRules.EmbeddedRefusal)];
        }

        if (section.Name == ConfigurationRegistry.Database && settings is DatabaseSettings { Type: DatabaseType.Embedded }
            && (await ValueOf<ClusterSettings>()).ClusterMode)
        {
            return [new FieldError("type", ClusterRules.EmbeddedRefusal)];
        }

        return [];
    }

    private static ConflictException StaleVersion(SectionDefinition section, ConfigurationRevision current) =>
        new($"The {section.Title} settings were changed by {current.Author} at {current.Time:u} (now version {current.Version}). Nothing was saved: reload the section and apply your change again.", "Someone saved first");

    private static JsonObject Merge(SectionDefinition section, JsonObject current, JsonObject changes, bool allowEmptySecrets)
    {
        var merged = (JsonObject)current.DeepClone();
        foreach (var (key, value) in changes)
        {
            var field = section.Field(key);
            if (field is null || !string.Equals(field.Name, key, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (field.IsSecret && value is null && !allowEmptySecrets)
            {
                continue;
            }

            merged[field.Name] = field.IsSecret && value is JsonValue v && v.TryGetValue<string>(out var s) && s.Length == 0 ? null : value?.DeepClone();
        }

        return merged;
    }

    private static object Deserialize(SectionDefinition section, JsonObject values)
    {
        try
        {
            return values.Deserialize(section.SettingsType, ConfigurationRegistry.JsonOptions)
                ?? throw ValidationFailedException.For("values", "The section's values are missing.");
        }
        catch (JsonException ex)
        {
            var field = ex.Path?.TrimStart('$', '.') is { Length: > 0 } p ? p : "values";
            var def = section.Field(field);
            var expected = def is null ? "a valid value" : ExpectedKind(def.Property.PropertyType);
            throw ValidationFailedException.For(field, $"The field '{field}' must be {expected}.");
        }
    }

    private static string ExpectedKind(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(int) || t == typeof(long))
        {
            return "a whole number";
        }

        if (t == typeof(bool))
        {
            return "true or false";
        }

        return t.IsEnum ? $"one of {string.Join(", ", Enum.GetNames(t))}" : "text";
    }

    private JsonObject Decrypt(SectionDefinition section, string stored)
    {
        var values = JsonNode.Parse(stored)!.AsObject();
        foreach (var field in section.Fields.Where(f => f.IsSecret))
        {
            if (values[field.Name] is JsonValue v && v.TryGetValue<string>(out var protectedValue))
            {
                values[field.Name] = secrets.Unprotect(protectedValue);
            }
        }

        return values;
    }

    private ConfigurationRevision NewRevision(SectionDefinition section, JsonObject clearValues, int version, Actor actor, string? comment, string? source)
    {
        var stored = (JsonObject)clearValues.DeepClone();
        foreach (var field in section.Fields.Where(f => f.IsSecret))
        {
            if (stored[field.Name] is JsonValue v && v.TryGetValue<string>(out var clear))
            {
                stored[field.Name] = secrets.Protect(clear);
            }
        }

        return new ConfigurationRevision
        {
            Section = section.Name,
            Version = version,
            Author = actor.UserName,
            Time = time.GetUtcNow(),
            Comment = comment,
            Source = source,
            Values = stored.ToJsonString(),
        };
    }

    /// <summary>Secrets become null with a <c>HasValue</c> flag beside them.</summary>
    public static JsonObject Redact(SectionDefinition section, JsonObject clearValues)
    {
        var view = new JsonObject();
        foreach (var field in section.Fields)
        {
            var value = clearValues[field.Name];
            if (field.IsSecret)
            {
                view[field.Name] = null;
                view[field.Name + "HasValue"] = value is not null;
            }
            else
            {
                view[field.Name] = value?.DeepClone();
            }
        }

        return view;
    }

    private async Task<ConfigurationRevision> LatestAsync(SectionDefinition section, CancellationToken cancellationToken)
    {
        if (_latest.TryGetValue(section.Name, out var cached))
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
            var values = JsonSerializer.SerializeToNode(section.CreateDefault(), section.SettingsType, ConfigurationRegistry.JsonOptions)!.AsObject();
            return NewRevision(section, values, 0, Actor.System, null, null);
        }

        _latest[section.Name] = latest;
        return latest;
    }

    /// <summary>Forgets cached values; the next read goes to the store.</summary>
    public void Invalidate() => _latest.Clear();

    private static async Task<ConfigurationRevision> FindRevisionAsync(SettingsDbContext db, long id, CancellationToken cancellationToken) =>
        await db.Revisions.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken)
        ?? throw new NotFoundException($"There is no revision {id}.");

    private static SectionDefinition Require(string name) =>
        ConfigurationRegistry.Find(name) ?? throw new NotFoundException($"There is no configuration section '{name}'. Sections: {string.Join(", ", ConfigurationRegistry.Sections.Select(s => s.Name))}.");

    private static RevisionSummary Summarize(ConfigurationRevision r) => new(r.Id, r.Section, r.Version, r.Author, r.Time, r.Comment, r.Source);

    private static string? Display(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(),
    };

    private static string DescribeSecret(JsonNode? node) => node is null ? "(not set)" : "(set)";

    [LoggerMessage(Level = LogLevel.Information, Message = "Configuration section {Section} saved as version {Version} by {User}")]
    private static partial void LogSaved(ILogger logger, string section, int version, string user);
}
