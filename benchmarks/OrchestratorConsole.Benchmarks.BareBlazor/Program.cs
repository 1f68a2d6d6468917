using MudBlazor.Services;
using OrchestratorConsole.Benchmarks.BareBlazor.Components;

// The baseline of the load benchmark: the same framework, component library and render mode as the console, with
// nothing of the console's own. Started by the benchmark like a console node (it ignores the node's settings).
var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseStaticWebAssets();
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddMudServices();
builder.Services.AddHealthChecks();

var app = builder.Build();
app.UseAntiforgery();
app.MapStaticAssets();
app.MapHealthChecks("/health/live");
// Ready as soon as it serves: the benchmark waits on it as on a console node.
app.MapHealthChecks("/health/ready");
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
await app.RunAsync();
