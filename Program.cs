using OrchestratorConsole.Core;
using OrchestratorConsole.Hosting;
using OrchestratorConsole.Hosting.Cli;
using OrchestratorConsole.Hosting.Http;
using OrchestratorConsole.Hosting.Telemetry;
using OrchestratorConsole.UI;

if (args is ["health-probe", ..])
{
    // The container's HEALTHCHECK: the runtime image has no curl.
    return await HealthProbe.RunAsync(args.Length > 1 ? args[1] : "http://127.0.0.1:8283/health/ready");
}

if (ConsoleCommands.IsCommand(args))
{
    return await ConsoleCommands.RunAsync(args);
}

if (args is ["serve", ..])
{
    args = args[1..];
}

try
{
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = ContentRoot.Default(args) });
    builder.WebHost.UseStaticWebAssets();
    // A failed start is told once, below: one line for a known cause, the runtime's own report with its stack for any other.
    builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
    builder.RefusePlainHttpBeyondLoopback();
    builder.AddServedCertificate();
    builder.AddOrchestratorCore();
    builder.AddConsoleApi();
    builder.AddConsoleTelemetry();
    builder.AddConsoleUi();
    builder.AddStartupWarmUp();

    var app = builder.Build();
    app.UseSecurityHeaders();
    app.UseHttpsBeyondLoopback();
    app.UseExceptionHandler();
    app.UseStatusCodePages();
    app.UseSameOriginCircuits();
    app.UseAuthentication();
    app.UseAuthorization();
    app.UseAntiforgery();
    app.MapConsoleApi();
    app.MapConsoleMetrics();
    app.MapConsoleUi();
    app.WarmUpInBackground();
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (StartupFailure.Describe(ex) is { } message)
{
    // A bad start-up value stops the node with one line that names the key.
    Console.Error.WriteLine($"Orchestrator Console did not start: {message}");
    return 1;
}

/// <summary>Entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
