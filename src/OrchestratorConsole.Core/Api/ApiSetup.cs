using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Scalar.AspNetCore;
using OrchestratorConsole.Core.Data;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Core.Features.Audit;
using OrchestratorConsole.Core.Features.Cluster;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.ConfigurationTransfer;
using OrchestratorConsole.Core.Features.Database;
using OrchestratorConsole.Core.Features.Logs;
using OrchestratorConsole.Core.Features.Node;
using OrchestratorConsole.Core.Features.PlugIns;
using OrchestratorConsole.Core.Features.Server;
using OrchestratorConsole.Core.Features.Troubleshooting;

namespace OrchestratorConsole.Core.Api;

public static class ApiSetup
{
    public const string ApiPolicy = "api";
    public const string NodePolicy = "cluster-node";

    /// <summary>The HTTP contract's plumbing: bearer tokens for /api, problem details, health checks, OpenAPI.</summary>
    public static IHostApplicationBuilder AddConsoleApi(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(TokenAuthenticationHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, NodeToNodeAuthenticationHandler>(NodeToNodeAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiPolicy, policy => policy.AddAuthenticationSchemes(TokenAuthenticationHandler.SchemeName).RequireAuthenticatedUser())
            .AddPolicy(NodePolicy, policy => policy.AddAuthenticationSchemes(NodeToNodeAuthenticationHandler.SchemeName).RequireAuthenticatedUser());
        services.AddProblemDetails();
        services.AddExceptionHandler<ConsoleExceptionHandler>();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddHealthChecks().AddCheck<SettingsStoreHealthCheck>("settings-store", tags: ["ready"]);
        services.AddOpenApi();
        return builder;
    }

    public static WebApplication MapConsoleApi(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
        app.MapGet("/health/active", (OrchestratorServer server) =>
                server.IsActive ? Results.Text("Active") : Results.Text("Not active", statusCode: StatusCodes.Status503ServiceUnavailable))
            .AllowAnonymous().WithTags("Health");
        app.MapOpenApi().AllowAnonymous();
        // A readable reference of the same document, served from this node (no CDN).
        app.MapScalarApiReference(o => o.WithTitle("Orchestrator Console API")).AllowAnonymous();

        var api = app.MapGroup("/api").RequireAuthorization(ApiPolicy).DisableAntiforgery();
        api.MapAuthEndpoints();
        api.MapNodeEndpoints();
        api.MapConfigurationEndpoints();
        api.MapDatabaseEndpoints();
        api.MapAccountEndpoints();
        api.MapAuditEndpoints();
        api.MapLogEndpoints();
        api.MapClusterEndpoints();
        api.MapServerEndpoints();
        api.MapPluginEndpoints();
        api.MapTroubleshootingEndpoints();
        api.MapConfigurationTransferEndpoints();
        api.MapClusterSyncEndpoints();
        app.MapNodeToNodeEndpoints();
        // Any other /api path is a 404 problem, never the UI's HTML.
        api.MapFallback(() => Results.Problem(title: "Not found", detail: "There is no such API endpoint.", statusCode: 404));
        return app;
    }
}

/// <summary>Ready when the node settings store answers.</summary>
internal sealed class SettingsStoreHealthCheck(IDbContextFactory<SettingsDbContext> dbFactory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            return await db.Database.CanConnectAsync(cancellationToken) && await db.NodeIdentity.AnyAsync(cancellationToken)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("The settings store is not initialised.");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("The settings store does not answer.", ex);
        }
    }
}
