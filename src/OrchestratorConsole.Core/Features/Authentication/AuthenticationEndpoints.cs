using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrchestratorConsole.Core.Api;

namespace OrchestratorConsole.Core.Features.Authentication;

public static class AuthenticationEndpoints
{
    public static void MapAuthenticationEndpoints(this RouteGroupBuilder api) =>
        api.MapPost("/authentication/test", async (DirectoryTestRequest? request, AuthenticationService service, HttpContext context) =>
                TypedResults.Ok(await service.TestAsync(context.Actor(), request, context.RequestAborted)))
            .RequireAuthorization(ApiSetup.AdministratorPolicy)
            .WithTags("Authentication")
            .WithSummary("Bind with the saved directory settings; with a user name and password, show the user's DN, groups and role, signing nobody in");
}
