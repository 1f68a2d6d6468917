using System.Text.Json.Nodes;
using OrchestratorConsole.Core.Features.Configuration;

namespace OrchestratorConsole.Core.Features.Database;

/// <summary>The Database tab's actions, shared by the page and the API so both follow the same rules.</summary>
public sealed class DatabaseCommands(
    ConfigurationService configuration,
    DatabaseConnectionTester tester,
    OrchestratorSchemaService schema,
    DatabaseStatusService status,
    Cluster.ContentChangeGuard guard,
    Trust.TrustService trust,
    Audit.AuditService audit)
{
    /// <summary>Tests the saved settings with <paramref name="changes"/> laid over them (a null password keeps the saved one).</summary>
    public async Task<ConnectionTestResult> TestAsync(Common.Actor actor, JsonObject? changes, CancellationToken cancellationToken)
    {
        actor.DemandAdministrator();
        var settings = await configuration.MergeAsync<DatabaseSettings>(changes, cancellationToken);
        var cluster = (await configuration.GetAsync<ClusterSettings>(cancellationToken)).Settings;
        var result = await tester.TestAsync(settings, cluster.ClusterMode, cancellationToken);
        await audit.RecordAsync(actor, "database.test", ConfigurationRegistry.Database, $"{settings.Type} {settings.Host}:{settings.EffectivePort}/{settings.DatabaseName}: " + (result.Ok ? "ok" : result.Checks.FirstOrDefault(c => !c.Ok)?.Message), result.Ok, cancellationToken);
        if (DatabaseStatusService.KeyOf(settings) == DatabaseStatusService.KeyOf((await configuration.GetAsync<DatabaseSettings>(cancellationToken)).Settings))
        {
            await status.RefreshAsync(cancellationToken);
        }

        return result;
    }

    /// <summary>Installs or updates the schema of the saved database.</summary>
    public async Task<SchemaStatus> InstallAsync(Common.Actor actor, IProgress<SchemaProgress>? progress, CancellationToken cancellationToken)
    {
        actor.DemandAdministrator();
        var settings = (await configuration.GetAsync<DatabaseSettings>(cancellationToken)).Settings;
        var errors = ConfigurationRegistry.Validate(settings).ToList();
        if (errors.Count > 0)
        {
            throw new Common.ValidationFailedException("Save valid database settings first: " + string.Join(" ", errors.Select(e => e.Message)), errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));
        }

        try
        {
            var current = await schema.GetStatusAsync(settings, cancellationToken);
            if (current.IsCurrent)
            {
                progress?.Report(new SchemaProgress(0, 1, "Connecting to the database"));
                progress?.Report(new SchemaProgress(1, 1, current.Describe()));
                return current;
            }

            await guard.EnsureNoOtherNodesRunningAsync("Installing or updating the database schema", settings, cancellationToken);
            var installed = await schema.InstallAsync(actor, settings, progress, cancellationToken);
            if (!current.Installed)
            {
                await trust.CarryIntoAsync(settings, cancellationToken);
            }

            return installed;
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or TimeoutException or InvalidOperationException)
        {
            await audit.RecordAsync(actor, "database.install", ConfigurationRegistry.Database, DatabaseFailures.Describe(ex, settings), false, cancellationToken);
            throw new Common.ConflictException("The database schema was not installed: " + DatabaseFailures.Describe(ex, settings), "Install failed");
        }
        finally
        {
            await status.RefreshAsync(CancellationToken.None);
        }
    }
}
