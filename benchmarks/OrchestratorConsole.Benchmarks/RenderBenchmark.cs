using System.Diagnostics;
using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrchestratorConsole.Core;
using OrchestratorConsole.Core.Api;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.UI;

namespace OrchestratorConsole.Benchmarks;

/// <summary>Server-side render time of the console's pages, with the real services over a fresh SQLite node.</summary>
internal static class RenderBenchmark
{
    public static async Task RunAsync(int iterations = 100)
    {
        var data = Directory.CreateTempSubdirectory("orch-bench-render-");
        var builder = WebApplication.CreateBuilder(["--Node:DataDirectory", data.FullName, "--urls", "http://127.0.0.1:0"]);
        builder.Logging.ClearProviders();
        builder.AddOrchestratorCore();
        builder.AddConsoleApi();
        builder.AddConsoleUi();
        await using var app = builder.Build();
        await app.StartAsync();

        var admin = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "vmware"), new Claim(ClaimTypes.Role, Roles.Administrator)], "bench"));
        var state = Task.FromResult(new AuthenticationState(admin));
        foreach (var page in Pages())
        {
            var times = new List<double>();
            for (var i = 0; i < iterations + 5; i++)
            {
                await using var scope = app.Services.CreateAsyncScope();
                ((IHostEnvironmentNavigationManager)scope.ServiceProvider.GetRequiredService<NavigationManager>()).Initialize("http://127.0.0.1/", "http://127.0.0.1/" + page.Route);
                await using var renderer = new HtmlRenderer(scope.ServiceProvider, scope.ServiceProvider.GetRequiredService<ILoggerFactory>());
                var watch = Stopwatch.StartNew();
                var html = await renderer.Dispatcher.InvokeAsync(async () =>
                {
                    var output = await renderer.RenderComponentAsync<CascadingValue<Task<AuthenticationState>>>(ParameterView.FromDictionary(new Dictionary<string, object?>
                    {
                        ["Value"] = state,
                        ["ChildContent"] = (RenderFragment)(b =>
                        {
                            b.OpenComponent(0, page.Type);
                            b.CloseComponent();
                        }),
                    }));
                    await output.QuiescenceTask;
                    return output.ToHtmlString();
                });
                watch.Stop();
                if (!html.Contains(page.Expect, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"{page.Name} did not render '{page.Expect}'.");
                }

                if (i >= 5)
                {
                    times.Add(Statistics.Ms(watch));
                }
            }

            Console.WriteLine($"render {page.Name}: median {Statistics.Median(times):F2} ms, p95 {Statistics.Percentile(times, 0.95):F2} ms over {iterations} renders");
        }

        await app.StopAsync();
        data.Delete(recursive: true);
    }

    private static IEnumerable<(string Name, string Route, Type Type, string Expect)> Pages()
    {
        yield return ("Overview", string.Empty, typeof(UI.Features.Overview.OverviewPage), "Configuration state");
        yield return ("Database", "database", typeof(UI.Features.Database.DatabasePage), "section-state");
    }
}
