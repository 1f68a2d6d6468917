using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.OpenApi;
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

    /// <summary>Documents an optional JSON body of <typeparamref name="T"/> in the OpenAPI document (see <see cref="ReadOptionalJsonAsync{T}"/>).</summary>
    public static RouteHandlerBuilder WithOptionalJsonBody<T>(this RouteHandlerBuilder builder) =>
        builder.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = false,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = await context.GetOrCreateSchemaAsync(typeof(T), null, cancellationToken) },
                },
            });

    /// <summary>
    /// Documents a multipart form with a file field (and optional plain fields) in the OpenAPI document. Done here
    /// rather than with <c>Accepts&lt;IFormFile&gt;</c>: that routing metadata sends a call with another Content-Type to
    /// the /api fallback's 404 instead of the endpoint's own message.
    /// </summary>
    public static RouteHandlerBuilder WithMultipartForm(this RouteHandlerBuilder builder, string fileField, params (string Name, JsonSchemaType Type)[] fields) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            var properties = new Dictionary<string, IOpenApiSchema> { [fileField] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } };
            foreach (var (name, type) in fields)
            {
                properties[name] = new OpenApiSchema { Type = type };
            }

            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["multipart/form-data"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.Object, Required = new HashSet<string> { fileField }, Properties = properties } },
                },
            };
            return Task.CompletedTask;
        });
}
