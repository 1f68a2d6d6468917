using Microsoft.Data.Sqlite;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Audit;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Database;
using OrchestratorConsole.Core.Features.Node;

namespace OrchestratorConsole.Core.Tests.Features.Database;

/// <summary><c>Install database</c> / <c>Update database</c> on Embedded and PostgreSQL.</summary>
public sealed class OrchestratorSchemaServiceTests : IAsyncLifetime
{
    private NodeHost _node = null!;

    private OrchestratorSchemaService Schema => _node.Get<OrchestratorSchemaService>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _node = await NodeHost.StartAsync(NodeStore.Sqlite, Ct);

    public async ValueTask DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public void The_target_version_is_the_number_of_migrations_the_console_carries()
    {
        Assert.True(Schema.TargetVersion >= 1);
    }

    [Fact]
    public async Task A_fresh_node_has_its_embedded_schema_installed_at_first_start()
    {
        Assert.True(File.Exists(_node.Get<NodePaths>().EmbeddedDatabaseFile));

        var status = await Schema.GetStatusAsync(new DatabaseSettings(), Ct);

        Assert.True(status.IsCurrent);
        Assert.Equal($"Schema version {Schema.TargetVersion} is current.", status.Describe());
    }

    [Fact]
    public async Task Embedded_goes_from_not_installed_to_current_reporting_each_step()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_node.Get<NodePaths>().EmbeddedDatabaseFile);
        var embedded = new DatabaseSettings();

        var before = await Schema.GetStatusAsync(embedded, Ct);
        var progress = new RecordingProgress<SchemaProgress>();
        var after = await Schema.InstallAsync(TestActors.Administrator(), embedded, progress, Ct);

        Assert.False(before.Installed);
        Assert.Contains("not installed", before.Describe());
        Assert.True(after.IsCurrent);
        Assert.True((await Schema.GetStatusAsync(embedded, Ct)).IsCurrent);
        AssertStepByStep(progress.Reports, Schema.TargetVersion, after);
    }

    [Fact]
    public async Task PostgreSQL_goes_from_not_installed_to_current_reporting_each_step()
    {
        var settings = await TestDatabases.FreshPostgresAsync();

        var before = await Schema.GetStatusAsync(settings, Ct);
        var progress = new RecordingProgress<SchemaProgress>();
        var after = await Schema.InstallAsync(TestActors.Administrator("alice"), settings, progress, Ct);

        Assert.Equal(0, before.CurrentVersion);
        Assert.Equal(new SchemaStatus(Schema.TargetVersion, Schema.TargetVersion), after);
        Assert.True((await Schema.GetStatusAsync(settings, Ct)).IsCurrent);
        AssertStepByStep(progress.Reports, Schema.TargetVersion, after);
        var audit = await _node.Get<AuditService>().QueryAsync(new AuditQuery(User: "alice", Action: "database.install"), Ct);
        Assert.Contains($"schema version 0 -> {Schema.TargetVersion}", Assert.Single(audit.Items).Detail);
    }

    [Fact]
    public async Task Installing_a_current_schema_again_changes_nothing()
    {
        var settings = await TestDatabases.FreshPostgresAsync();
        await Schema.InstallAsync(TestActors.Administrator(), settings, cancellationToken: Ct);

        var progress = new RecordingProgress<SchemaProgress>();
        var again = await Schema.InstallAsync(TestActors.Administrator(), settings, progress, Ct);

        Assert.True(again.IsCurrent);
        Assert.DoesNotContain(progress.Reports, p => p.Message.StartsWith("Applying", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Two_nodes_installing_a_fresh_PostgreSQL_database_at_once_both_succeed()
    {
        var settings = await TestDatabases.FreshPostgresAsync();
        await using var other = await NodeHost.StartAsync(NodeStore.Sqlite, Ct);
        var otherSchema = other.Get<OrchestratorSchemaService>();

        var results = await Task.WhenAll(
            Task.Run(() => Schema.InstallAsync(TestActors.Administrator("alice"), settings, cancellationToken: Ct), Ct),
            Task.Run(() => otherSchema.InstallAsync(TestActors.Administrator("bob"), settings, cancellationToken: Ct), Ct));

        Assert.All(results, r => Assert.True(r.IsCurrent));
        Assert.True((await Schema.GetStatusAsync(settings, Ct)).IsCurrent);
        Assert.True((await otherSchema.GetStatusAsync(settings, Ct)).IsCurrent);
    }

    [Fact]
    public async Task A_reviewer_may_not_install_the_schema()
    {
        var settings = await TestDatabases.FreshPostgresAsync();

        await Assert.ThrowsAsync<ForbiddenException>(() => Schema.InstallAsync(TestActors.Reviewer(), settings, cancellationToken: Ct));

        Assert.Equal(0, (await Schema.GetStatusAsync(settings, Ct)).CurrentVersion);
    }

    [Fact]
    public async Task SQL_Server_is_reported_not_installed_and_its_install_is_refused_with_a_reason()
    {
        var settings = new DatabaseSettings { Type = DatabaseType.SqlServer, Host = "sql1", DatabaseName = "vco", UserName = "vco" };

        Assert.False((await Schema.GetStatusAsync(settings, Ct)).Installed);
        var refused = await Assert.ThrowsAsync<ConflictException>(() => Schema.InstallAsync(TestActors.Administrator(), settings, cancellationToken: Ct));
        Assert.Contains("not supported", refused.Message);
    }

    private static void AssertStepByStep(IReadOnlyList<SchemaProgress> reports, int targetVersion, SchemaStatus final)
    {
        // Connecting, one step per migration, then the final state.
        Assert.Equal(targetVersion + 2, reports.Count);
        Assert.StartsWith("Connecting", reports[0].Message);
        for (var i = 1; i <= targetVersion; i++)
        {
            Assert.Equal((i, targetVersion + 1), (reports[i].Step, reports[i].Steps));
            Assert.StartsWith($"Applying schema version {i} of {targetVersion}", reports[i].Message);
        }

        Assert.Equal((targetVersion + 1, targetVersion + 1), (reports[^1].Step, reports[^1].Steps));
        Assert.Equal(final.Describe(), reports[^1].Message);
    }
}
