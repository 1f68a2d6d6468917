using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using OrchestratorConsole.Core;
using OrchestratorConsole.Core.Features.Telemetry;
using OrchestratorConsole.Hosting.Http;

namespace OrchestratorConsole.Hosting.Telemetry;

/// <summary>OpenTelemetry: the product's meter and the standard instrumentation, served at <c>/metrics</c> and sent over OTLP when configured.</summary>
public static class TelemetrySetup
{
    /// <summary>A bearer token of any role, or a client address the administrator allows.</summary>
    public const string MetricsPolicy = "metrics";

    private const string AllowAnonymousFromKey = "Telemetry:Metrics:AllowAnonymousFrom";

    /// <summary>The meters of the instrumentation that ships inside .NET and the database drivers (no package of its own needed).</summary>
    private static readonly string[] DatabaseMeters = ["Microsoft.EntityFrameworkCore", "Npgsql"];

    public static IHostApplicationBuilder AddConsoleTelemetry(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.SectionName)
            .PostConfigure<IConfiguration>((options, configuration) =>
            {
                // One value with commas (handy in an environment variable) as well as a list (:0, :1, ...).
                if (configuration[AllowAnonymousFromKey] is { Length: > 0 } single)
                {
                    options.Metrics.AllowAnonymousFrom = [.. options.Metrics.AllowAnonymousFrom, single];
                }

                // The standard variables are validated like the keys they stand in for.
                options.Otlp.Endpoint = OtlpExport.FirstOf(configuration, OtlpExport.EndpointKey, OtlpExport.EndpointVariable);
                options.Otlp.Protocol = OtlpExport.FirstOf(configuration, OtlpExport.ProtocolKey, OtlpExport.ProtocolVariable);
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<TelemetryOptions>, TelemetryOptionsValidator>();
        services.AddSingleton<MetricsAccess>();
        services.AddAuthorizationBuilder().AddPolicy(MetricsPolicy, policy => policy
            .AddAuthenticationSchemes(TokenAuthenticationHandler.SchemeName)
            .RequireAssertion(context => context.User.Identity?.IsAuthenticated == true
                || (context.Resource is HttpContext http && http.RequestServices.GetRequiredService<MetricsAccess>().Allows(http.Connection.RemoteIpAddress))));

        var otlp = OtlpExport.From(builder.Configuration);
        var scraped = builder.Configuration.GetValue<bool>($"{TelemetryOptions.SectionName}:Metrics:Enabled");
        if (!scraped && otlp is null)
        {
            // Nothing would read the instruments: no meter provider listens, so no request or query pays for
            // recording them, and a start does not build one. The Troubleshooting card keeps its own totals.
            return builder;
        }

        // The Prometheus exporter does its work only when scraped; /metrics is mapped only when enabled.
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("orchestrator-console", serviceVersion: ProductInfo.Version))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(ConsoleMetrics.MeterName)
                    .AddMeter(DatabaseMeters)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation();
                if (scraped)
                {
                    // Every scrape reads the instruments afresh: scrapes are seconds apart, and a cached answer would hide a change just made.
                    metrics.AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
                }

                if (otlp is not null)
                {
                    metrics.AddOtlpExporter(otlp.ConfigureMetrics);
                }
            });
        if (otlp is not null)
        {
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/metrics") && !http.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation()
                .AddEntityFrameworkCoreInstrumentation()
                .AddSource("Npgsql")
                .AddOtlpExporter(otlp.ConfigureTraces));
        }

        return builder;
    }

    /// <summary><c>/metrics</c>: Prometheus text behind <see cref="MetricsPolicy"/> when enabled, otherwise 404.</summary>
    public static WebApplication MapConsoleMetrics(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value.Metrics.Enabled)
        {
            app.MapPrometheusScrapingEndpoint("/metrics").RequireAuthorization(MetricsPolicy);
        }
        else
        {
            app.MapGet("/metrics", () => Results.NotFound()).AllowAnonymous().ExcludeFromDescription();
        }

        return app;
    }
}
