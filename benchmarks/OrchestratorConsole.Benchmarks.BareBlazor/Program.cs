using Microsoft.EntityFrameworkCore;
using MudBlazor.Services;
using OrchestratorConsole.Benchmarks.BareBlazor.Components;
using OrchestratorConsole.Benchmarks.BareBlazor.Data;

// The baseline of the benchmarks: the same framework, component library, render mode and store (EF Core SQLite, one
// migration applied at start, readiness that asks the store) as the console, with nothing of the console's own.
// Started by the benchmark like a console node: its store is a file in Node:DataDirectory.
var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseStaticWebAssets();
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddMudServices();
var dataDirectory = builder.Configuration["Node:DataDirectory"] ?? Path.Combine(Path.GetTempPath(), "orchestrator-bare");
Directory.CreateDirectory(dataDirectory);
builder.Services.AddDbContextFactory<BareDbContext>(o => o.UseSqlite($"Data Source={Path.Combine(dataDirectory, "bare.db")}"));
builder.Services.AddHostedService<BareStoreStartup>();
builder.Services.AddHealthChecks().AddCheck<BareStoreHealthCheck>("store", tags: ["ready"]);

var app = builder.Build();
app.UseAntiforgery();
app.MapStaticAssets();
app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains("ready") });
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
await app.RunAsync();
