using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrchestratorConsole.Core.Data;

namespace OrchestratorConsole.Hosting;

/// <summary>
/// Code every start runs once, for the first time, begun on the other core as soon as the app is built. The node's own
/// preparation runs on one thread, one step after another, and would otherwise compile this code in turn: the code
/// that makes every endpoint's request delegate (which the authorization middleware runs when the pipeline is built,
/// after the node is prepared) and EF Core's query pipeline (which the node identity's query needs first). Only the
/// compiled code is kept; endpoints are made again where they are needed. The web host starts once the warm-up is
/// over, so no endpoint is ever made on two threads at once. A failure here changes nothing: the same work is done
/// again where it is needed, and fails there with its cause.
/// </summary>
public static class StartupWarmUp
{
    /// <summary>Call after every other hosted service is added: the warm-up is awaited just before the web host starts.</summary>
    public static IHostApplicationBuilder AddStartupWarmUp(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<WarmUpAwaiter>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<WarmUpAwaiter>());
        return builder;
    }

    /// <summary>Begins the warm-up; call once every endpoint is mapped.</summary>
    public static WebApplication WarmUpInBackground(this WebApplication app)
    {
        var services = app.Services;
        var sources = ((IEndpointRouteBuilder)app).DataSources.ToArray();
        services.GetRequiredService<WarmUpAwaiter>().Work = Task.Run(() =>
        {
            foreach (var source in sources)
            {
                Try(() => _ = source.Endpoints);
            }

            Try(() =>
            {
                using var db = services.GetRequiredService<IDbContextFactory<SettingsDbContext>>().CreateDbContext();
                _ = db.NodeIdentity.OrderBy(r => r.Id).ToQueryString();
            });
        });
        return app;
    }

    private static void Try(Action work)
    {
        try
        {
            work();
        }
        catch (Exception)
        {
            // Warm-up only: the start reports the same failure where it does this work for real.
        }
    }

    private sealed class WarmUpAwaiter : IHostedService
    {
        public Task Work { get; set; } = Task.CompletedTask;

        public Task StartAsync(CancellationToken cancellationToken) => Work.WaitAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
