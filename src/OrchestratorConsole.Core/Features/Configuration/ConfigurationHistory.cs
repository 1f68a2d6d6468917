using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Data;

namespace OrchestratorConsole.Core.Features.Configuration;

/// <summary>The configuration history: every revision of every section, and the field-level diff of any two.</summary>
public sealed class ConfigurationHistory(IDbContextFactory<SettingsDbContext> dbFactory, ConfigurationRegistry registry, SecretProtector protector)
{
    /// <summary>The history, newest first, optionally of one section (also one whose plug-in was uninstalled).</summary>
    public async Task<Page<RevisionSummary>> ListRevisionsAsync(string? sectionName, int skip, int take, CancellationToken cancellationToken = default)
    {
        take = Math.Clamp(take, 1, 500);
        skip = Math.Max(0, skip);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Revisions.AsNoTracking();
        if (!string.IsNullOrEmpty(sectionName))
        {
            var name = registry.Find(sectionName)?.Name ?? sectionName;
            if (registry.Find(name) is null && !await db.Revisions.AnyAsync(r => r.Section == name, cancellationToken))
            {
                registry.Require(name);
            }

            query = query.Where(r => r.Section == name);
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
        var fromSection = SectionOf(from);
        var toSection = SectionOf(to);
        var fromValues = SectionJson.Reveal(fromSection, from.Values, protector);
        var toValues = SectionJson.Reveal(toSection, to.Values, protector);

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
                : new FieldDiff(field.Section, field.Name, SectionJson.Display(before), SectionJson.Display(after), false));
        }

        return new RevisionDiff(Summarize(from), Summarize(to), fields);
    }

    internal static async Task<ConfigurationRevision> FindRevisionAsync(SettingsDbContext db, long id, CancellationToken cancellationToken) =>
        await db.Revisions.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken)
        ?? throw new NotFoundException($"There is no revision {id}.");

    internal static RevisionSummary Summarize(ConfigurationRevision r) => new(r.Id, r.Section, r.Version, r.Author, r.Time, r.Comment, r.Source);

    private SectionDefinition SectionOf(ConfigurationRevision revision) =>
        registry.Find(revision.Section) ?? new RetiredSection(revision.Section, JsonNode.Parse(revision.Values)!.AsObject().Select(p => p.Key));

    private static string DescribeSecret(JsonNode? node) => node is null ? "(not set)" : "(set)";
}
