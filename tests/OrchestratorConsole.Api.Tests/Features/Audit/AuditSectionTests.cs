using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OrchestratorConsole.Api.Tests.Infrastructure;
using OrchestratorConsole.Core.Data;
using OrchestratorConsole.Core.Features.Audit;

namespace OrchestratorConsole.Api.Tests.Features.Audit;

/// <summary>The <c>audit</c> section: its defaults, its bounds named per field, and retention pruning this node's rows.</summary>
public sealed class AuditSectionTests(ConsoleFactory console) : IClassFixture<ConsoleFactory>
{
    public static TheoryData<string, string, string> BadValues => new()
    {
        { "retentionDays", "0", "Retention (days) must be between 1 and 3650; 0 is not." },
        { "retentionDays", "3651", "Retention (days) must be between 1 and 3650; 3651 is not." },
        { "syslogPort", "70000", "Syslog port must be between 1 and 65535; 70000 is not." },
        { "syslogHost", "\"not a host!\"", "'not a host!' is not a host name or an IP address. Leave it blank to forward nothing." },
    };

    [Fact]
    public async Task The_audit_section_keeps_a_year_and_forwards_nothing_by_default()
    {
        using var admin = await console.AdminAsync();

        var section = await admin.GetOkAsync("/api/configuration/audit");
        var status = await AuditApi.StatusAsync(admin);

        Assert.Equal(365, (int)section["retentionDays"]!);
        Assert.Null((string?)section["syslogHost"]);
        Assert.False((bool)section["syslogTls"]!);
        Assert.False(status.Enabled);
        Assert.Null(status.Target);
    }

    [Theory]
    [MemberData(nameof(BadValues))]
    public async Task A_bad_value_is_refused_naming_the_field_and_nothing_is_saved(string field, string json, string message)
    {
        using var admin = await console.AdminAsync();
        var before = await admin.GetOkAsync("/api/configuration/audit");
        var body = new JsonObject { [field] = JsonNode.Parse(json), ["version"] = (int)before["version"]! };

        using var response = await admin.Put("/api/configuration/audit", body);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal([message], problem.ErrorsFor(field));
        Assert.True(JsonNode.DeepEquals(before, await admin.GetOkAsync("/api/configuration/audit")));
    }

    [Fact]
    public async Task Retention_deletes_the_rows_older_than_its_days_and_records_how_many()
    {
        using var admin = await console.AdminAsync();
        var marker = Guid.NewGuid().ToString("N")[..8];
        var now = DateTimeOffset.UtcNow;
        await using (var db = await console.Services.GetRequiredService<IDbContextFactory<SettingsDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken))
        {
            db.AuditEvents.AddRange(
                new AuditEvent { Time = now.AddDays(-400), User = marker, Action = "old.action" },
                new AuditEvent { Time = now.AddDays(-366), User = marker, Action = "old.action" },
                new AuditEvent { Time = now.AddDays(-10), User = marker, Action = "recent.action" });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var retention = console.Services.GetRequiredService<AuditRetention>();
        var prunedAtDefault = await retention.PruneAsync(TestContext.Current.CancellationToken);
        var keptAtDefault = await admin.GetOkAsync($"/api/audit?user={marker}");
        await AuditApi.SaveAuditAsync(admin, new { retentionDays = 5 });
        var prunedAtFive = await retention.PruneAsync(TestContext.Current.CancellationToken);
        var keptAtFive = await admin.GetOkAsync($"/api/audit?user={marker}");
        var prunes = await admin.GetOkAsync("/api/audit?action=audit.prune");
        await AuditApi.SaveAuditAsync(admin, new { retentionDays = 365 });

        Assert.Equal(2, prunedAtDefault);
        Assert.Equal(["recent.action"], keptAtDefault["items"]!.AsArray().Select(e => (string?)e!["action"]));
        Assert.Equal(1, prunedAtFive);
        Assert.Equal(0, (int)keptAtFive["total"]!);
        Assert.Contains(prunes["items"]!.AsArray(), e => ((string?)e!["detail"])!.StartsWith("2 events older than 365 days", StringComparison.Ordinal));
        Assert.Contains(prunes["items"]!.AsArray(), e => ((string?)e!["detail"])!.StartsWith("1 events older than 5 days", StringComparison.Ordinal));
    }
}
