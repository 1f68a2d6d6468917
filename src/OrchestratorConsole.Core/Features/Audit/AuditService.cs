using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Data;
using OrchestratorConsole.Core.Features.Configuration;

namespace OrchestratorConsole.Core.Features.Audit;

/// <summary>Records and reads the audit trail: every login, failed login, change and action.</summary>
public sealed partial class AuditService(IDbContextFactory<SettingsDbContext> dbFactory, TimeProvider time, ILogger<AuditService> logger)
{
    public async Task RecordAsync(Actor actor, string action, string? section = null, string? detail = null, bool succeeded = true, CancellationToken cancellationToken = default)
    {
        await RecordAsync(actor.UserName, action, section, detail, succeeded, actor.RemoteAddress, cancellationToken);
    }

    public async Task RecordAsync(string user, string action, string? section, string? detail, bool succeeded, string? remoteAddress, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.AuditEvents.Add(new AuditEvent
        {
            Time = time.GetUtcNow(),
            User = Truncate(user, 256),
            Action = action,
            Section = section,
            Detail = detail is null ? null : Truncate(detail, 2048),
            Succeeded = succeeded,
            RemoteAddress = remoteAddress,
        });
        await db.SaveChangesAsync(CancellationToken.None);
        LogAudit(logger, action, user, section ?? "-", succeeded);
    }

    /// <summary>Adds an event to <paramref name="db"/>, to be written in the caller's transaction together with the change it records.</summary>
    public void Add(SettingsDbContext db, Actor actor, string action, string? section, string? detail) =>
        db.AuditEvents.Add(new AuditEvent
        {
            Time = time.GetUtcNow(),
            User = Truncate(actor.UserName, 256),
            Action = action,
            Section = section,
            Detail = detail is null ? null : Truncate(detail, 2048),
            Succeeded = true,
            RemoteAddress = actor.RemoteAddress,
        });

    public async Task<Page<AuditEvent>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        TextLimits.Demand("user", "The user filter", query.User, TextLimits.UserName);
        TextLimits.Demand("action", "The action filter", query.Action, TextLimits.Filter);
        var take = Math.Clamp(query.Take, 1, 500);
        var skip = Math.Max(0, query.Skip);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var events = db.AuditEvents.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.User))
        {
            events = events.Where(e => e.User == query.User);
        }

        if (!string.IsNullOrWhiteSpace(query.Action))
        {
            events = events.Where(e => e.Action.StartsWith(query.Action));
        }

        if (query.From is { } from)
        {
            events = events.Where(e => e.Time >= from);
        }

        if (query.To is { } to)
        {
            events = events.Where(e => e.Time <= to);
        }

        var total = await events.CountAsync(cancellationToken);
        var items = await events.OrderByDescending(e => e.Id).Skip(skip).Take(take).ToListAsync(cancellationToken);
        return new Page<AuditEvent>(items, total, skip, take);
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit: {Action} by {User} on {Section}, succeeded: {Succeeded}")]
    private static partial void LogAudit(ILogger logger, string action, string user, string section, bool succeeded);
}
