using System.Diagnostics;
using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrchestratorConsole.Core;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Hosting;
using OrchestratorConsole.UI;

namespace OrchestratorConsole.Benchmarks;

/// <summary>Server-side render time of the console's pages, with the real services over a fresh SQLite node.</summary>
internal static class RenderBenchmark
{
    public static async Task RunAsync(int iterations = 100)
    {
        var (app, data) = await StartNodeAsync("orch-bench-render-");
        await using var disposeApp = app;

        foreach (var page in Pages())
        {
            var times = await MeasureAsync(app.Services, page.Type, page.Route, page.Expect, iterations);
            Console.WriteLine($"render {page.Name}: median {Statistics.Median(times):F2} ms, p95 {Statistics.Percentile(times, 0.95):F2} ms over {iterations} renders");
        }

        await app.StopAsync();
        data.Delete(recursive: true);
    }

    /// <summary>The console's services in this process, started on a fresh data directory (SQLite), on a free port.</summary>
    public static async Task<(WebApplication App, DirectoryInfo Data)> StartNodeAsync(string prefix)
    {
        var data = Directory.CreateTempSubdirectory(prefix);
        var builder = WebApplication.CreateBuilder(["--Node:DataDirectory", data.FullName, "--urls", "http://127.0.0.1:0"]);
        builder.Logging.ClearProviders();
        builder.AddOrchestratorCore();
        builder.AddConsoleApi();
        builder.AddConsoleUi();
        var app = builder.Build();
        await app.StartAsync();
        return (app, data);
    }

    /// <summary>
    /// Renders <paramref name="page"/> server-side as a signed-in administrator <paramref name="iterations"/> times (after
    /// 5 warm-up renders), each in a fresh scope as a new circuit would, and returns the milliseconds of each render.
    /// </summary>
    public static async Task<List<double>> MeasureAsync(IServiceProvider services, Type page, string route, string expect, int iterations)
    {
        var admin = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "vmware"), new Claim(ClaimTypes.Role, Roles.Administrator)], "bench"));
        var state = Task.FromResult(new AuthenticationState(admin));
        var times = new List<double>();
        for (var i = 0; i < iterations + 5; i++)
        {
            await using var scope = services.CreateAsyncScope();
            ((IHostEnvironmentNavigationManager)scope.ServiceProvider.GetRequiredService<NavigationManager>()).Initialize("http://127.0.0.1/", "http://127.0.0.1/" + route);
            await using var renderer = new HtmlRenderer(scope.ServiceProvider, scope.ServiceProvider.GetRequiredService<ILoggerFactory>());
            var watch = Stopwatch.StartNew();
            var html = await renderer.Dispatcher.InvokeAsync(async () =>
            {
                var output = await renderer.RenderComponentAsync<CascadingValue<Task<AuthenticationState>>>(ParameterView.FromDictionary(new Dictionary<string, object?>
                {
                    ["Value"] = state,
                    ["ChildContent"] = (RenderFragment)(b =>
                    {
                        b.OpenComponent(0, page);
                        b.CloseComponent();
                    }),
                }));
                await output.QuiescenceTask;
                return output.ToHtmlString();
            });
            watch.Stop();
            if (!html.Contains(expect, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"{page.Name} did not render '{expect}': {html[..Math.Min(2000, html.Length)]}");
            }

            if (i >= 5)
            {
                times.Add(Statistics.Ms(watch));
            }
        }

        return times;
    }

    private static IEnumerable<(string Name, string Route, Type Type, string Expect)> Pages()
    {
        yield return ("Overview", string.Empty, typeof(UI.Features.Node.OverviewPage), "Configuration state");
        yield return ("Database", "database", typeof(UI.Features.Database.DatabasePage), "section-state");
    }
}
