using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace OrchestratorConsole.Core.Features.Logs;

public static class LogEndpoints
{
    public static void MapLogEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/logs", (NodeLog log, int? lines) => TypedResults.Ok(new RecentLines(log.Recent(Math.Clamp(lines ?? 200, 1, NodeLog.Capacity)))))
            .WithTags("Logs").WithSummary("The node's recent log lines");
    }
}

/// <summary>The answer of <c>GET /api/logs</c>.</summary>
public sealed record RecentLines(IReadOnlyList<string> Lines);
