using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OrchestratorConsole.Core.Features.Network;

namespace OrchestratorConsole.Hosting.Http;

/// <summary>
/// Where plain HTTP beyond loopback is allowed (<c>Network:AllowPlainHttp</c>) and the console also listens on HTTPS, a
/// request that came in plain from the network is sent to HTTPS; loopback (health probes, the quick start) stays as it is.
/// </summary>
public static class PlainHttpRedirect
{
    public static IApplicationBuilder UseHttpsBeyondLoopback(this IApplicationBuilder app)
    {
        var plain = app.ApplicationServices.GetRequiredService<PlainHttpListeners>();
        return app.UseWhen(
            context => plain.Addresses.Count > 0 && !context.Request.IsHttps
                && context.Connection.LocalIpAddress is { } local && !IPAddress.IsLoopback(local.IsIPv4MappedToIPv6 ? local.MapToIPv4() : local),
            branch => branch.UseHttpsRedirection());
    }
}
