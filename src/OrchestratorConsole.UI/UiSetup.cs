using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using MudBlazor.Services;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Core.Features.Audit;
using OrchestratorConsole.UI.Components;
using OrchestratorConsole.UI.Features.Accounts;

namespace OrchestratorConsole.UI;

public static class UiSetup
{
    /// <summary>The browser console: Blazor Server with MudBlazor, signed in by an HttpOnly, SameSite=Strict cookie.</summary>
    public static IHostApplicationBuilder AddConsoleUi(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingAuthenticationStateProvider>();
        services.AddScoped<ConsoleSignIn>();
        services.TryAddEnumerable(ServiceDescriptor.Scoped<CircuitHandler, SessionGuard>());
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = IdentityConstants.ApplicationScheme;
                o.DefaultSignInScheme = IdentityConstants.ApplicationScheme;
            })
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "OrchestratorConsole";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.LoginPath = "/account/login";
            o.AccessDeniedPath = "/account/denied";
            o.ExpireTimeSpan = SessionService.BrowserSessionLifetime;
            o.SlidingExpiration = true;
            // Every request checks the session against its account (cheap until an account changes): a deleted,
            // locked-out or changed account's cookie is refused and removed at once, not after an interval.
            o.Events.OnValidatePrincipal = RefuseEndedSessionAsync;
            // Each cookie is an open session with a row of its own, which its user or an administrator may revoke.
            o.Events.OnSigningIn = OpenBrowserSessionAsync;
            o.Events.OnSigningOut = CloseBrowserSessionAsync;
        });
        services.AddAntiforgery(o =>
        {
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.HttpOnly = true;
        });
        return builder;
    }

    private static async Task RefuseEndedSessionAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal is { } principal
            && await context.HttpContext.RequestServices.GetRequiredService<SessionCheck>().CheckAsync(principal, context.HttpContext.RequestAborted) is not null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            await context.HttpContext.RequestServices.GetRequiredService<SessionService>()
                .CloseBrowserSessionAsync(SessionService.SessionIdOf(principal), context.HttpContext.RequestAborted);
        }
    }

    private static async Task OpenBrowserSessionAsync(CookieSigningInContext context)
    {
        if (context.Principal?.Identity is not ClaimsIdentity identity || SessionService.SessionIdOf(context.Principal) is not null)
        {
            return;
        }

        var sessionId = await context.HttpContext.RequestServices.GetRequiredService<SessionService>().OpenBrowserSessionAsync(
            identity.FindFirst(ClaimTypes.NameIdentifier)!.Value,
            identity.FindFirst(new ClaimsIdentityOptions().SecurityStampClaimType)?.Value ?? string.Empty,
            context.HttpContext.Connection.RemoteIpAddress?.ToString(),
            context.HttpContext.RequestAborted);
        identity.AddClaim(new Claim(SessionService.SessionIdClaimType, sessionId));
    }

    private static Task CloseBrowserSessionAsync(CookieSigningOutContext context) =>
        context.HttpContext.RequestServices.GetRequiredService<SessionService>()
            .CloseBrowserSessionAsync(SessionService.SessionIdOf(context.HttpContext.User), context.HttpContext.RequestAborted);

    public static WebApplication MapConsoleUi(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapPost("/account/logout", async ([FromForm] string? returnUrl, SignInManager<ConsoleUser> signIn, AuditService audit, HttpContext context) =>
        {
            var name = context.User.Identity?.Name;
            await signIn.SignOutAsync();
            if (name is not null)
            {
                await audit.RecordAsync(name, "logout", null, "console", true, context.Connection.RemoteIpAddress?.ToString());
            }

            _ = returnUrl;
            return TypedResults.LocalRedirect("/account/login");
        }).ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// The Blazor hub accepts only its own origin: a page on another site must not open a circuit with the
    /// administrator's cookie (cross-site WebSocket hijacking).
    /// </summary>
    public static IApplicationBuilder UseSameOriginCircuits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.Path.StartsWithSegments("/_blazor")
            && context.Request.Headers.Origin is { Count: > 0 } origin
            && (!Uri.TryCreate(origin.ToString(), UriKind.Absolute, out var uri)
                || !string.Equals(uri.Authority, context.Request.Host.Value, StringComparison.OrdinalIgnoreCase)))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        await next();
    });
}
