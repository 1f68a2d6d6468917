using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OrchestratorConsole.Reliability.Tests.Infrastructure;

namespace OrchestratorConsole.Reliability.Tests;

/// <summary>
/// Random hostile requests to every operation of the OpenAPI document and to the account forms (sign in, change password, log out): no answer is a 5xx and
/// none carries a stack trace. The seed is logged; <c>ORCHESTRATOR_FUZZ_SEED</c> replays a run.
/// </summary>
public sealed partial class FuzzTests : ReliabilityTest
{
    private const int ApiRequests = 1_350;
    private const int FormRequests = 150;
    private const string SpareAccount = "spare1";

    private static readonly string[] Sections = ["general", "database", "cluster", "log", "startup", "plugins"];

    [Fact]
    public async Task Random_hostile_input_to_every_endpoint_and_form_gets_no_500_and_no_stack_trace()
    {
        var seed = Environment.GetEnvironmentVariable("ORCHESTRATOR_FUZZ_SEED") is { Length: > 0 } s ? int.Parse(s, CultureInfo.InvariantCulture) : Random.Shared.Next();
        Log($"Seed (ORCHESTRATOR_FUZZ_SEED): {seed}");
        var random = new RandomInput(seed);
        var node = await StartNodeAsync(postgresStore: false);
        await node.Node.CreateAccountAsync(StoreNode.AdminName, StoreNode.AdminPassword, SpareAccount, "Spare#Pass1", "Reviewer", Ct);
        using var admin = node.Client();
        admin.Timeout = TimeSpan.FromSeconds(90);
        var operations = Operations(JsonNode.Parse(await admin.GetStringAsync("/openapi/v1.json", Ct))!.AsObject());
        Assert.True(operations.Count >= 30, $"Only {operations.Count} operations in the OpenAPI document.");

        var failures = new List<string>();
        var statuses = new SortedDictionary<int, int>();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < ApiRequests; i++)
        {
            var operation = random.Pick(operations);
            using var request = BuildRequest(random, operation, node.Token);
            var description = Describe(i, request);
            await SendAsync(admin, request, description, failures, statuses, () => node.Node.Output);
        }

        for (var i = 0; i < FormRequests; i++)
        {
            await FuzzFormAsync(node, random, i, failures, statuses);
        }

        Log($"{ApiRequests + FormRequests} requests in {watch.Elapsed.TotalSeconds:0} s; statuses: {string.Join(", ", statuses.Select(p => $"{p.Key}×{p.Value}"))}");
        Assert.True(failures.Count == 0, $"Seed {seed} (replay with ORCHESTRATOR_FUZZ_SEED={seed}): {failures.Count} bad answers:\n{string.Join("\n", failures.Take(20))}");

        // The node still works after the run.
        using var ready = await admin.GetAsync("/health/ready", Ct);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var token = await node.Node.CreateClient().PostAsync(
            "/api/auth/token", new StringContent($"{{\"userName\":\"{StoreNode.AdminName}\",\"password\":\"{StoreNode.AdminPassword}\"}}", Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
    }

    private static async Task SendAsync(HttpClient client, HttpRequestMessage request, string description, List<string> failures, SortedDictionary<int, int> statuses, Func<string> nodeOutput)
    {
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, Ct);
        }
        catch (HttpRequestException ex)
        {
            failures.Add($"{description}: no answer ({ex.Message})");
            return;
        }
        catch (TaskCanceledException) when (!Ct.IsCancellationRequested)
        {
            failures.Add($"{description}: no answer within {client.Timeout.TotalSeconds:0} s");
            return;
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            var body = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync(Ct));
            if (status >= 500)
            {
                // The node's log of it now, before later requests push it out of the captured output.
                await Task.Delay(200, Ct);
                failures.Add($"{description}: {status} {RandomInput.Truncated(body, 500)}\nThe node logged:\n{UnexpectedFailures(nodeOutput())}");
            }
            else if (!LogReading(request) && (body.Contains("   at ", StringComparison.Ordinal) || body.Contains("Exception:", StringComparison.Ordinal)))
            {
                failures.Add($"{description}: {status} with a stack trace: {RandomInput.Truncated(body, 1_000)}");
            }
        }
    }

    /// <summary>The node's "Unexpected failure" log entries, each with the first lines of its exception.</summary>
    private static string UnexpectedFailures(string output)
    {
        var lines = output.Split('\n');
        var found = new List<string>();
        for (var i = lines.Length - 1; i >= 0 && found.Count < 12; i--)
        {
            if (lines[i].Contains("Unexpected failure", StringComparison.Ordinal))
            {
                found.InsertRange(0, lines.Skip(i).Take(12).Select(l => RandomInput.Truncated(l.TrimEnd(), 400)));
            }
        }

        return string.Join("\n", found);
    }

    /// <summary>The node's log and the support bundle hold the log's stack traces, for the administrators who read them.</summary>
    private static bool LogReading(HttpRequestMessage request) =>
        request.RequestUri!.OriginalString.StartsWith("/api/logs", StringComparison.Ordinal) || request.RequestUri.OriginalString.StartsWith("/api/troubleshooting/support-bundle", StringComparison.Ordinal);

    private static HttpRequestMessage BuildRequest(RandomInput random, Operation operation, string token)
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

    /// <summary>The sign-in and change-password forms: posted with their antiforgery token and random fields.</summary>
    private static async Task FuzzFormAsync(StoreNode node, RandomInput random, int index, List<string> failures, SortedDictionary<int, int> statuses)
    {
        // (where the form is shown, where it posts, its handler, its fields); Log out is in the shell, for a signed-in user.
        var (formPage, path, handler, fields) = random.Pick(new (string, string, string, string[])[]
        {
            ("/account/login", "/account/login", "login", ["Input.UserName", "Input.Password"]),
            ("/account/change-password", "/account/change-password", "change-password", ["Input.UserName", "Input.CurrentPassword", "Input.NewPassword", "Input.ConfirmPassword"]),
            ("/", "/account/logout", "logout", ["returnUrl"]),
        });
        using var handlerWithCookies = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() };
        using var client = new HttpClient(handlerWithCookies) { BaseAddress = node.Node.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (formPage == "/")
        {
            await SignInAsync(client);
        }

        var page = await client.GetStringAsync(formPage, Ct);
        var hidden = HiddenInput().Matches(page).GroupBy(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToDictionary(g => g.Key, g => WebUtility.HtmlDecode(g.First().Groups[2].Value));
        Assert.True(hidden.ContainsKey("__RequestVerificationToken"), $"{path} has no antiforgery token: {RandomInput.Truncated(page, 2_000)}");

        var values = new List<KeyValuePair<string, string>>();
        foreach (var (name, value) in hidden)
        {
            values.Add(new(name, random.Chance(0.05) ? RandomInput.Truncated(random.String(), 1_000) : value));
        }

        if (!hidden.ContainsKey("_handler") || random.Chance(0.05))
        {
            values.Add(new("_handler", random.Chance(0.9) ? handler : RandomInput.Truncated(random.String(), 200)));
        }

        foreach (var field in fields.Where(_ => random.Chance(0.85)))
        {
            values.Add(new(field, RandomInput.Truncated(random.String(), random.Chance(0.1) ? 200_000 : 2_000)));
        }

        if (random.Chance(0.1))
        {
            values.Add(new(random.Pick(fields) + "[0]", random.String()));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(values) };
        await SendAsync(client, request, $"#{index} POST {path} form {string.Join("&", values.Select(v => $"{v.Key}={RandomInput.Truncated(v.Value, 40)}"))}", failures, statuses, () => node.Node.Output);
    }

    /// <summary>Signs <paramref name="client"/>'s cookie session in through the sign-in form, as a browser does.</summary>
    private static async Task SignInAsync(HttpClient client)
    {
        var form = await client.GetStringAsync("/account/login", Ct);
        var values = HiddenInput().Matches(form).Select(m => new KeyValuePair<string, string>(WebUtility.HtmlDecode(m.Groups[1].Value), WebUtility.HtmlDecode(m.Groups[2].Value))).ToList();
        values.Add(new("Input.UserName", StoreNode.AdminName));
        values.Add(new("Input.Password", StoreNode.AdminPassword));
        using var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(values), Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Signing in for the Log out form answered {(int)response.StatusCode}");
    }

    private static string Describe(int index, HttpRequestMessage request)
    {
        var content = request.Content;
        var kind = content is null ? "no body" : $"{content.Headers.ContentType}";
        var body = content is StringContent text ? RandomInput.Truncated(Encoding.UTF8.GetString(text.ReadAsByteArrayAsync().GetAwaiter().GetResult()), 200) : string.Empty;
        return $"#{index} {request.Method} {RandomInput.Truncated(request.RequestUri!.OriginalString, 200)} ({kind}) {body}";
    }

    private static List<Operation> Operations(JsonObject document)
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

    [GeneratedRegex(@"\{([^}]+)\}")]
    private static partial Regex PathParameter();

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"")]
    private static partial Regex HiddenInput();

    private sealed record Operation(string Method, string Path, IReadOnlyList<string> Query, IReadOnlyList<string> Properties);
}
