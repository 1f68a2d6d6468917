using MudBlazor.Services;
using OrchestratorConsole.Benchmarks.BareBlazor.Components;

// The baseline of the load benchmark: the same framework, component library and render mode as the console, with
// nothing of the console's own. Started by the benchmark with --urls.
var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseStaticWebAssets();
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddMudServices();
builder.Services.AddHealthChecks();

var app = builder.Build();
app.UseAntiforgery();
app.MapStaticAssets();
app.MapHealthChecks("/health/live");
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
await app.RunAsync();
