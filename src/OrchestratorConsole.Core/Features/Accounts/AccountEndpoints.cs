using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrchestratorConsole.Core.Api;

namespace OrchestratorConsole.Core.Features.Accounts;

public static class AccountEndpoints
{
    public static void MapAuthEndpoints(this RouteGroupBuilder api)
    {
        var auth = api.MapGroup("/auth").AllowAnonymous().WithTags("Authentication");
        auth.MapPost("/token", async (TokenRequest request, ApiTokenService tokens, HttpContext context) =>
            TypedResults.Ok(await tokens.IssueTokenAsync(request.UserName, request.Password, context.Connection.RemoteIpAddress?.ToString(), context.RequestAborted)))
            .WithSummary("Get a bearer token for scripts");
        auth.MapPost("/password", async (PasswordChangeRequest request, SignInService signIn, HttpContext context) =>
        {
            await signIn.ChangePasswordAsync(request, context.Connection.RemoteIpAddress?.ToString(), context.RequestAborted);
            return TypedResults.NoContent();
        }).WithSummary("Change a password (also the forced first change)");
    }

    public static void MapAccountEndpoints(this RouteGroupBuilder api)
    {
        var accounts = api.MapGroup("/accounts").WithTags("Accounts");
        accounts.MapGet("/", async (AccountService service, HttpContext context) =>
            TypedResults.Ok(await service.ListAsync(context.Actor(), context.RequestAborted)));
        accounts.MapPost("/", async (AccountCreateRequest request, AccountService service, HttpContext context) =>
        {
            var created = await service.CreateAsync(context.Actor(), request, context.RequestAborted);
            return TypedResults.Created($"/api/accounts/{Uri.EscapeDataString(created.UserName)}", created);
        });
        accounts.MapPut("/{userName}", async (string userName, AccountRoleRequest request, AccountService service, HttpContext context) =>
            TypedResults.Ok(await service.SetRoleAsync(context.Actor(), userName, request.Role, context.RequestAborted)));
        accounts.MapPost("/{userName}/unlock", async (string userName, AccountService service, HttpContext context) =>
            TypedResults.Ok(await service.UnlockAsync(context.Actor(), userName, context.RequestAborted)));
        accounts.MapDelete("/{userName}", async (string userName, AccountService service, HttpContext context) =>
        {
            await service.DeleteAsync(context.Actor(), userName, context.RequestAborted);
            return TypedResults.NoContent();
        });
    }

    /// <summary>Open browser sessions and API tokens: everyone's for an Administrator, a user's own for anyone (the service decides whose).</summary>
    public static void MapSessionEndpoints(this RouteGroupBuilder api)
    {
        var sessions = api.MapGroup("/sessions").WithTags("Sessions");
        sessions.MapGet("/", async (string? userName, SessionService service, HttpContext context) =>
            TypedResults.Ok(await service.ListAsync(context.Actor(), SessionService.SessionIdOf(context.User), userName, context.RequestAborted)))
            .WithSummary("List open browser sessions and API tokens");
        sessions.MapDelete("/{id}", async (string id, SessionService service, HttpContext context) =>
        {
            await service.RevokeAsync(context.Actor(), id, context.RequestAborted);
            return TypedResults.NoContent();
        }).RequireAuthorization(ApiSetup.OwnThingsPolicy).WithSummary("Revoke one browser session or API token");
        sessions.MapDelete("/", async (string? userName, SessionService service, HttpContext context) =>
        {
            await service.RevokeAllAsync(context.Actor(), userName, context.RequestAborted);
            return TypedResults.NoContent();
        }).RequireAuthorization(ApiSetup.OwnThingsPolicy).WithSummary("Revoke every browser session and API token of a user");
    }
}
