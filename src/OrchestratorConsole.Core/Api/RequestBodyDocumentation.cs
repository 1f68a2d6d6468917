using Microsoft.AspNetCore.Builder;

namespace OrchestratorConsole.Core.Api;

/// <summary>
/// Describes the bodies that endpoints read themselves, so that the OpenAPI document shows them: the endpoints only
/// attach metadata, and the host's OpenAPI set-up turns it into the document's request bodies.
/// </summary>
public static class RequestBodyDocumentation
{
    /// <summary>Documents an optional JSON body of <typeparamref name="T"/> (see <see cref="HttpContextExtensions.ReadOptionalJsonAsync{T}"/>).</summary>
    public static RouteHandlerBuilder WithOptionalJsonBody<T>(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(new OptionalJsonBody(typeof(T)));

    /// <summary>
    /// Documents a multipart form with a file field (and optional plain fields). Done here rather than with
    /// <c>Accepts&lt;IFormFile&gt;</c>: that routing metadata sends a call with another Content-Type to the /api
    /// fallback's 404 instead of the endpoint's own message.
    /// </summary>
    public static RouteHandlerBuilder WithMultipartForm(this RouteHandlerBuilder builder, string fileField, params (string Name, FormFieldType Type)[] fields) =>
        builder.WithMetadata(new MultipartFormBody(fileField, [.. fields.Select(f => new FormField(f.Name, f.Type))]));
}
