using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OrchestratorConsole.Reliability.Tests.Infrastructure;

/// <summary>Random hostile requests to the operations of the console's OpenAPI document.</summary>
public static partial class OpenApiRequests
{
    /// <summary>The account the fuzz run creates, so that routes naming an account reach their own checks.</summary>
    public const string SpareAccount = "spare1";

    private static readonly string[] Sections = ["general", "database", "cluster", "log", "startup", "plugins"];

    /// <summary>Every /api operation of the document, with its query parameters and body properties.</summary>
    public static List<Operation> Operations(JsonObject document)
    {
        var schemas = document["components"]?["schemas"] as JsonObject;
        var operations = new List<Operation>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            if (!path.StartsWith("/api/", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var (method, node) in item!.AsObject())
            {
                if (node is not JsonObject operation || method is "parameters" or "summary" or "description")
                {
                    continue;
                }

                var query = (operation["parameters"] as JsonArray ?? []).Where(p => (string?)p!["in"] == "query").Select(p => (string)p!["name"]!).ToList();
                var properties = new List<string>();
                foreach (var (_, media) in operation["requestBody"]?["content"] as JsonObject ?? [])
                {
                    properties.AddRange(PropertyNames(media?["schema"], schemas));
                }

                operations.Add(new Operation(method.ToUpperInvariant(), path, query, properties.Distinct().ToList()));
            }
        }

        return operations;
    }

    private static IEnumerable<string> PropertyNames(JsonNode? schema, JsonObject? schemas)
    {
        if ((string?)schema?["$ref"] is { } reference && schemas?[reference.Split('/')[^1]] is JsonObject resolved)
        {
            schema = resolved;
        }

        return (schema?["properties"] as JsonObject)?.Select(p => p.Key) ?? [];
    }

    /// <summary>A random request to <paramref name="operation"/>: its path parameters, query, authorization and body drawn from <paramref name="random"/>.</summary>
    public static HttpRequestMessage Build(RandomInput random, Operation operation, string token)
    {
        var path = PathParameter().Replace(operation.Path, m => random.Segment(Plausible(m.Groups[1].Value)));
        var query = new List<string>();
        foreach (var name in operation.Query.Where(_ => random.Chance(0.7)))
        {
            query.Add($"{name}={RandomInput.Escape(RandomInput.Truncated(random.String(), 2_000))}");
        }

        if (random.Chance(0.1))
        {
            query.Add($"{RandomInput.Escape(random.Ascii(8))}={RandomInput.Escape(random.Ascii(8))}");
        }

        var request = new HttpRequestMessage(new HttpMethod(operation.Method), path + (query.Count > 0 ? "?" + string.Join('&', query) : string.Empty));
        switch (random.Next(20))
        {
            case 0:
                break; // anonymous
            case 1:
                request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + random.Ascii(random.Next(0, 300)));
                break;
            default:
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                break;
        }

        if (operation.Method is "GET" or "DELETE" && random.Chance(0.8))
        {
            return request;
        }

        request.Content = Body(random, operation);
        // A node may answer a huge body early (e.g. 404) without reading it: the client then waits for that answer.
        request.Headers.ExpectContinue = true;
        return request;
    }

    private static HttpContent? Body(RandomInput random, Operation operation)
    {
        HttpContent Json(string text) => new StringContent(text, Encoding.UTF8, "application/json");
        switch (random.Next(14))
        {
            case 0:
                return null;
            case 1:
                return Json(string.Empty);
            case 2:
                return Json(RandomInput.Deep(random.Pick(new[] { 65, 200, 5_000 }), random.Chance(0.5)));
            case 3:
                var bytes = new ByteArrayContent(random.Bytes(random.Next(1, 20_000)));
                bytes.Headers.ContentType = new MediaTypeHeaderValue(random.Pick(new[] { "application/json", "application/octet-stream", "multipart/form-data" }));
                return bytes;
            case 4:
                var wrong = new StringContent(random.Object(operation.Properties).ToJsonString(), Encoding.UTF8);
                wrong.Headers.Remove("Content-Type");
                wrong.Headers.TryAddWithoutValidation("Content-Type", random.Pick(new[] { "text/plain", "application/xml", "application/x-www-form-urlencoded", "application/json; charset=utf-7", "application/json; charset=nonsense", "multipart/form-data; boundary=", "%%%" }));
                return wrong;
            case 5:
                return Json(random.Json(operation.Properties)?.ToJsonString() ?? "null");
            case 6:
                var text = random.Object(operation.Properties).ToJsonString();
                return Json(text[..random.Next(text.Length + 1)]);
            case 7:
                return Json(new JsonObject { [random.Pick(operation.Properties.Count > 0 ? operation.Properties : ["x"])] = new string('y', random.Next(100_000, 3_000_000)) }.ToJsonString());
            case 8 or 9:
                return Multipart(random, operation);
            case 10:
                return new FormUrlEncodedContent(operation.Properties.Append("file").Select(p => new KeyValuePair<string, string>(p, RandomInput.Truncated(random.String(), 5_000))));
            default:
                return Json(random.Object(operation.Properties).ToJsonString());
        }
    }

    private static MultipartFormDataContent Multipart(RandomInput random, Operation operation)
    {
        var form = new MultipartFormDataContent();
        foreach (var name in operation.Properties.Concat(["file", "package", "password", "sections", "overrideIdentity"]).Distinct().Where(_ => random.Chance(0.6)))
        {
            if (name is "file" or "package" && random.Chance(0.7))
            {
                var content = random.Chance(0.5) ? new ByteArrayContent(random.Bytes(random.Next(0, 50_000))) : new ByteArrayContent(Encoding.UTF8.GetBytes(random.Object(["format", "formatVersion", "sections", "configuration", "node", "salt", "check"]).ToJsonString()));
                // The file name goes in as written, quotes and all: HttpClient would refuse to format most of these.
                var fileName = RandomInput.Truncated(random.String(), 300).Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal);
                content.Headers.TryAddWithoutValidation("Content-Disposition", $"form-data; name=\"{name}\"; filename=\"{fileName}\"");
                form.Add(content);
            }
            else
            {
                form.Add(new StringContent(RandomInput.Truncated(random.String(), 5_000)), name);
            }
        }

        return form;
    }

    /// <summary>Values that get past routing into the endpoint's own checks.</summary>
    private static string[] Plausible(string parameter) => parameter switch
    {
        "section" => Sections,
        "a" or "b" or "id" => ["1", "2", "3", "999999"],
        "userName" => [SpareAccount, "nobody"],
        "nodeId" => [Guid.Empty.ToString(), Guid.NewGuid().ToString()],
        _ => ["x"],
    };

    /// <summary>The request in one line, for the failure list.</summary>
    public static string Describe(int index, HttpRequestMessage request)
    {
        var content = request.Content;
        var kind = content is null ? "no body" : $"{content.Headers.ContentType}";
        var body = content is StringContent text ? RandomInput.Truncated(Encoding.UTF8.GetString(text.ReadAsByteArrayAsync().GetAwaiter().GetResult()), 200) : string.Empty;
        return $"#{index} {request.Method} {RandomInput.Truncated(request.RequestUri!.OriginalString, 200)} ({kind}) {body}";
    }

    [GeneratedRegex(@"\{([^}]+)\}")]
    private static partial Regex PathParameter();

    /// <summary>An operation of the document: method, path, query parameter names and body property names.</summary>
    public sealed record Operation(string Method, string Path, IReadOnlyList<string> Query, IReadOnlyList<string> Properties);
}
