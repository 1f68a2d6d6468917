using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Scalar.AspNetCore;
using OrchestratorConsole.Core.Api;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Core.Features.Server;
using OrchestratorConsole.Hosting.Http;

namespace OrchestratorConsole.Hosting;

/// <summary>How the console is served: listen address, authentication of /api, problem details, health probes, OpenAPI.</summary>
public static class HostingSetup
{
    /// <summary>The HTTP contract's plumbing: bearer tokens for /api, signed calls between nodes, problem details, health checks, OpenAPI.</summary>
    public static IHostApplicationBuilder AddConsoleApi(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(TokenAuthenticationHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, NodeToNodeAuthenticationHandler>(NodeToNodeAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiSetup.ApiPolicy, policy => policy.AddAuthenticationSchemes(TokenAuthenticationHandler.SchemeName).RequireAuthenticatedUser())
            .AddPolicy(ApiSetup.AdministratorPolicy, policy => policy.AddAuthenticationSchemes(TokenAuthenticationHandler.SchemeName).RequireRole(Roles.Administrator))
            .AddPolicy(ApiSetup.OwnThingsPolicy, policy => policy.AddAuthenticationSchemes(TokenAuthenticationHandler.SchemeName).RequireAuthenticatedUser())
            .AddPolicy(ApiSetup.TroubleshootingPolicy, policy => policy.AddAuthenticationSchemes(TokenAuthenticationHandler.SchemeName).RequireRole(Roles.Administrator, Roles.Support))
            .AddPolicy(ApiSetup.NodePolicy, policy => policy.AddAuthenticationSchemes(NodeToNodeAuthenticationHandler.SchemeName).RequireAuthenticatedUser());
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, RoleRefusalHandler>();
        services.AddProblemDetails();
        services.AddExceptionHandler<ConsoleExceptionHandler>();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddHealthChecks().AddCheck<SettingsStoreHealthCheck>("settings-store", tags: ["ready"]);
        services.AddOpenApi(o => o.AddOperationTransformer<RequestBodyTransformer>());
        return builder;
    }

    /// <summary>The health probes, the OpenAPI document and its reference page, then Core's API routes.</summary>
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
        return app.MapConsoleEndpoints();
    }
}
