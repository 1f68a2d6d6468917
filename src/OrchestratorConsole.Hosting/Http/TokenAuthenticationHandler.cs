using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrchestratorConsole.Core.Features.Accounts;

namespace OrchestratorConsole.Hosting.Http;

/// <summary>Authenticates <c>/api</c> calls by <c>Authorization: Bearer &lt;token&gt;</c>; a cookie never does.</summary>
public sealed class TokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiTokenService tokens) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var token = header["Bearer ".Length..].Trim();
        if (token.Length is 0 or > 200)
        {
            return AuthenticateResult.Fail("Malformed token.");
        }

        var principal = await tokens.ValidateTokenAsync(token, Context.RequestAborted);
        return principal is null
            ? AuthenticateResult.Fail("The token is unknown, expired or no longer valid.")
            : AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Response.WriteAsJsonAsync(
            new { type = "https://tools.ietf.org/html/rfc9110#section-15.5.2", title = "Unauthorized", status = 401, detail = "This call needs a bearer token: POST /api/auth/token with userName and password, then send 'Authorization: Bearer <token>'." },
            options: null,
            contentType: "application/problem+json");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return Response.WriteAsJsonAsync(
            new { title = "Forbidden", status = 403, detail = "Your role lacks the right to do this." },
            options: null,
            contentType: "application/problem+json");
    }
}
