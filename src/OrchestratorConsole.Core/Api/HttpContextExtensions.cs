using System.Text.Json;
using Microsoft.AspNetCore.Http;
using OrchestratorConsole.Core.Common;

namespace OrchestratorConsole.Core.Api;

public static class HttpContextExtensions
{
    /// <summary>The caller as the services see it.</summary>
    public static Actor Actor(this HttpContext context) =>
        Common.Actor.FromPrincipal(context.User, context.Connection.RemoteIpAddress?.ToString());

    /// <summary>
    /// Reads a JSON body the caller may leave out; null without one. Endpoints with an optional body read it here
    /// rather than binding it: the routing metadata of a bound body (IAcceptsMetadata) makes a call without a
    /// Content-Type skip the endpoint and land on the /api fallback's 404.
    /// </summary>
    public static async Task<T?> ReadOptionalJsonAsync<T>(this HttpRequest request)
        where T : class
    {
        if (request.ContentLength == 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count == 0))
        {
            return null;
        }

        if (!request.HasJsonContentType())
        {
            throw new BadHttpRequestException("The body must be JSON (Content-Type: application/json).", StatusCodes.Status415UnsupportedMediaType);
        }

        try
        {
            return await request.ReadFromJsonAsync<T>(request.HttpContext.RequestAborted);
        }
        catch (JsonException ex)
        {
            throw new BadHttpRequestException("The body is not valid JSON.", StatusCodes.Status400BadRequest, ex);
        }
    }
}
