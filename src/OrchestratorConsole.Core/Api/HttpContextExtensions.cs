using Microsoft.AspNetCore.Http;
using OrchestratorConsole.Core.Common;

namespace OrchestratorConsole.Core.Api;

public static class HttpContextExtensions
{
    /// <summary>The caller as the services see it.</summary>
    public static Actor Actor(this HttpContext context) =>
        Common.Actor.FromPrincipal(context.User, context.Connection.RemoteIpAddress?.ToString());
}
