using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrchestratorConsole.Core.Api;

namespace OrchestratorConsole.Core.Features.Server;

public static class ServerEndpoints
{
    public static void MapServerEndpoints(this RouteGroupBuilder api)
    {
        var server = api.MapGroup("/server").WithTags("Server");
        server.MapGet("/", (OrchestratorServer s) => TypedResults.Ok(s.Status)).WithSummary("The Orchestrator server's state and role");
        server.MapPost("/start", async (OrchestratorServer s, HttpContext context) =>
        {
            await s.StartAsync(context.Actor(), context.RequestAborted);
            return TypedResults.Accepted("/api/server", s.Status);
        }).WithSummary("Start the server; 409 while a section is invalid");
        server.MapPost("/stop", async (OrchestratorServer s, HttpContext context) =>
        {
            await s.StopAsync(context.Actor(), context.RequestAborted);
            return TypedResults.Accepted("/api/server", s.Status);
        }).WithSummary("Stop the server");
        server.MapPost("/restart", async (OrchestratorServer s, HttpContext context) =>
        {
            await s.RestartAsync(context.Actor(), context.RequestAborted);
            return TypedResults.Accepted("/api/server", s.Status);
        }).WithSummary("Restart the server");
    }
}
