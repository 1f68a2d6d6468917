using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrchestratorConsole.Core.Api;

namespace OrchestratorConsole.Core.Features.Database;

public static class DatabaseEndpoints
{
    public static void MapDatabaseEndpoints(this RouteGroupBuilder api)
    {
        var database = api.MapGroup("/database").WithTags("Database");
        database.MapPost("/test", async (HttpContext context, DatabaseCommands commands) =>
        {
            var body = await context.Request.ReadOptionalJsonAsync<JsonObject>();
            return TypedResults.Ok(await commands.TestAsync(context.Actor(), body, context.RequestAborted));
        }).WithSummary("Test the connection with the body's database fields, else the saved ones")
          .WithOptionalJsonBody<JsonObject>();
        database.MapPost("/install", async (HttpContext context, DatabaseCommands commands) =>
        {
            var status = await commands.InstallAsync(context.Actor(), null, context.RequestAborted);
            return TypedResults.Ok(new SchemaVersions(status.CurrentVersion, status.TargetVersion));
        }).WithSummary("Create or update the Orchestrator schema");
    }
}

/// <summary>The answer of <c>POST /api/database/install</c>.</summary>
public sealed record SchemaVersions(int SchemaVersion, int TargetVersion);
