using System.Diagnostics;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using OrchestratorConsole.Core;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Core.Features.Cluster;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Database;
using OrchestratorConsole.Testing;
using OrchestratorConsole.UI;
using ClusterPage = OrchestratorConsole.UI.Features.Cluster.ClusterPage;

namespace OrchestratorConsole.Benchmarks;

/// <summary>
/// Server-side render time of the Cluster page (as <see cref="RenderBenchmark"/> renders the Overview) for a node
/// whose Orchestrator database is PostgreSQL and lists 200 nodes.
/// </summary>
internal static class ClusterPageRenderBenchmark
{
    public static async Task RunAsync(int nodes = 200, int iterations = 50)
    {
        var (app, data) = await RenderBenchmark.StartNodeAsync("orch-bench-cluster-render-");
        await using var disposeApp = app;

        // The node's Orchestrator database: a fresh PostgreSQL database with the schema and 200 registered nodes.
        var server = TestPostgres.Admin;
        var settings = new DatabaseSettings
        {
            Type = DatabaseType.PostgreSQL,
            Host = server.Host,
            Port = server.Port,
            DatabaseName = await TestPostgres.CreateDatabaseAsync("bench_render"),
            UserName = server.Username,
            Password = server.Password,
        };
        var configuration = app.Services.GetRequiredService<ConfigurationService>();
        var current = await configuration.GetAsync<DatabaseSettings>();
        await configuration.SaveAsync(Actor.System, settings, current.Version, "benchmark");
        await app.Services.GetRequiredService<OrchestratorSchemaService>().InstallAsync(Actor.System, settings);
        await using (var store = new PostgresClusterStore(NpgsqlDataSource.Create(OrchestratorDatabase.PostgresConnectionString(settings))))
        {
            for (var i = 0; i < nodes; i++)
            {
                await store.RegisterAsync(
                    new NodeAnnouncement(Guid.NewGuid(), Guid.NewGuid(), $"node-{i:000}", $"http://10.0.{i / 250}.{i % 250}:8283", "1.0.0", $"fp{i % 3}", $"fp{i % 3}", DateTimeOffset.UtcNow, null, null),
                    TimeSpan.FromMinutes(5),
                    null,
                    CancellationToken.None);
            }
        }

        var times = await RenderBenchmark.MeasureAsync(app.Services, typeof(ClusterPage), "cluster", $"node-{nodes - 1:000}", iterations);
        Console.WriteLine($"render Cluster with {nodes} nodes (PostgreSQL): median {Statistics.Median(times):F2} ms, p95 {Statistics.Percentile(times, 0.95):F2} ms over {iterations} renders");
        await app.StopAsync();
        data.Delete(recursive: true);
    }
}
