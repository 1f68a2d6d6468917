using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using OrchestratorConsole.Core.Api;

namespace OrchestratorConsole.Api.Tests.Infrastructure;

/// <summary>One HTTP method of one route the app maps under <c>/api</c>, read from the app's own route table.</summary>
public sealed record ApiRoute(string Method, RouteEndpoint Endpoint)
{
    /// <summary>The method of a route that answers every method: the matrix cannot classify it.</summary>
    public const string AnyMethod = "*";

    /// <summary>The route as API.md writes it, e.g. <c>PUT /api/configuration/{section}</c>: no constraints, no trailing slash.</summary>
    public string Name => $"{Method} {PathOf(Endpoint.RoutePattern)}";

    /// <summary>The path of a request aimed at nothing that exists; each parameter gets a value its constraint accepts, so routing still finds the route.</summary>
    public string NonexistentPath => PathOf(Endpoint.RoutePattern, p => p.ParameterPolicies.Select(c => c.Content).FirstOrDefault() switch
    {
        "long" or "int" => "987654321",
        "guid" => "00000000-0000-4000-8000-00000000dead",
        _ => "no-such-" + p.Name.ToLowerInvariant(),
    });

    /// <summary>Every route under <c>/api</c> that the app maps, once per HTTP method; not the <c>/api</c> fallback.</summary>
    public static IReadOnlyList<ApiRoute> All(IServiceProvider services) =>
    [
        .. services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => PathOf(e.RoutePattern).StartsWith("/api/", StringComparison.Ordinal) && !IsFallback(e))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [AnyMethod]).Select(m => new ApiRoute(m, e)))
            .OrderBy(r => r.Name, StringComparer.Ordinal),
    ];

    /// <summary>The path as OpenAPI writes it: each parameter as <c>{name}</c> (or <paramref name="parameter"/>'s value), without constraints.</summary>
    public static string PathOf(RoutePattern pattern, Func<RoutePatternParameterPart, string>? parameter = null) =>
        "/" + string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart p => parameter?.Invoke(p) ?? "{" + p.Name + "}",
            RoutePatternSeparatorPart separator => separator.Content,
            _ => string.Empty,
        }))));

    /// <summary>
    /// A request at <see cref="NonexistentPath"/> whose body is garbage in the form the route reads: a multipart form for a
    /// <see cref="MultipartFormBody"/>, JSON otherwise. A GET has no body.
    /// </summary>
    public HttpRequestMessage MalformedRequest()
    {
        var request = new HttpRequestMessage(new HttpMethod(Method == AnyMethod ? HttpMethods.Post : Method), NonexistentPath);
        if (Method != HttpMethods.Get)
        {
            request.Content = Endpoint.Metadata.GetMetadata<MultipartFormBody>() is { } form ? MalformedForm(form) : MalformedJson();
        }

        return request;
    }

    public override string ToString() => Name;

    private StringContent MalformedJson()
    {
        // The content type the route's bound body accepts: another one would be routed to the /api fallback, not to this route.
        var contentType = Endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes.FirstOrDefault() ?? "application/json";
        return new StringContent("{\"enabled\": maybe, \"name\": [", Encoding.UTF8, contentType);
    }

    private static bool IsFallback(RouteEndpoint endpoint) =>
        endpoint.RoutePattern.Parameters.Any(p => p.IsCatchAll) && endpoint.Order == int.MaxValue;

    /// <summary>A well-formed form of garbage: the route finds out only by reading the file and the fields.</summary>
    private static MultipartFormDataContent MalformedForm(MultipartFormBody form)
    {
        var content = new MultipartFormDataContent { { new ByteArrayContent("neither a package nor a configuration file"u8.ToArray()), form.FileField, "garbage.bin" } };
        foreach (var field in form.Fields)
        {
            content.Add(new StringContent("{garbage"), field.Name);
        }

        return content;
    }
}
