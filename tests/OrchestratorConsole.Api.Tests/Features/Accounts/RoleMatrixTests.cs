using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using OrchestratorConsole.Api.Tests.Infrastructure;
using OrchestratorConsole.Core.Api;
using OrchestratorConsole.Core.Features.Accounts;

namespace OrchestratorConsole.Api.Tests.Features.Accounts;

/// <summary>
/// The role matrix, generated from the app's own route table: every route under /api and each of its methods, called by
/// every role (and without a token) with a malformed body at ids that do not exist. A route refuses a role before it
/// reads the body or looks anything up, so the role alone decides between 403 and the route's own answer.
/// </summary>
public sealed class RoleMatrixTests(RoleMatrixConsole console) : IClassFixture<RoleMatrixConsole>
{
    private const string NoToken = "a caller without a token";

    /// <summary>The internal node-to-node routes: signed by a node, not role-based.</summary>
    private const string NodeToNodePrefix = "/api/cluster/internal/";

    /// <summary>API.md's exceptions to its rule that every role reads and only an Administrator changes anything.</summary>
    private static readonly Dictionary<string, RouteAccess> Exceptions = new(StringComparer.Ordinal)
    {
        // A user's own password: getting a token and changing the password need none.
        ["POST /api/auth/token"] = RouteAccess.Anonymous,
        ["POST /api/auth/password"] = RouteAccess.Anonymous,
        ["POST /api/troubleshooting/reset-current-version"] = RouteAccess.Troubleshooting,
        ["GET /api/accounts"] = RouteAccess.Administrator,
        // A user's own sessions: every role ends its own, an Administrator anyone's.
        ["DELETE /api/sessions/{id}"] = RouteAccess.EveryRole,
        ["DELETE /api/sessions"] = RouteAccess.EveryRole,
        // The packages themselves, for a node that joins with an administrator's token.
        ["GET /api/plugins/{id}/package"] = RouteAccess.Administrator,
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Every_api_route_declares_the_role_that_API_md_gives_it()
    {
        var routes = MatrixRoutes();

        var matrix = routes.Select(r => (Route: r, Expected: Expected(r), Declared: Declared(r))).ToList();
        foreach (var (route, expected, declared) in matrix)
        {
            TestContext.Current.TestOutputHelper?.WriteLine($"{route,-55} API.md: {expected?.ToString() ?? "?",-16} declared: {declared?.ToString() ?? "none"}");
        }

        var wrong = matrix
            .Where(r => r.Expected is null || r.Expected != r.Declared)
            .Select(r => r.Expected is null
                ? $"{r.Route}: the matrix cannot classify it; give it one of GET, POST, PUT, PATCH, DELETE"
                : $"{r.Route}: API.md gives it {r.Expected}, the route declares {r.Declared?.ToString() ?? "no role the matrix knows"}")
            .ToList();

        Assert.True(routes.Count >= 35, $"Expected the console's API routes, found only {routes.Count}: {string.Join(", ", routes)}");
        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
    }

    [Theory]
    [InlineData(Roles.Administrator)]
    [InlineData(Roles.Reviewer)]
    [InlineData(Roles.Support)]
    [InlineData(NoToken)]
    public async Task Every_api_route_answers_a_malformed_request_by_the_callers_role_first(string caller)
    {
        using var client = caller == NoToken ? console.Anonymous() : await console.ClientForAsync(caller);
        using var admin = await console.AdminAsync();
        var wrong = new List<string>();

        foreach (var route in MatrixRoutes())
        {
            if (Expected(route) is not { } access)
            {
                wrong.Add($"{route}: the matrix cannot classify it");
                continue;
            }

            using var request = route.MalformedRequest();
            using var response = await client.SendAsync(request, Ct);
            TestContext.Current.TestOutputHelper?.WriteLine($"{route,-55} {access,-16} as {caller}: {(int)response.StatusCode}");
            if (await JudgeAsync(route, access, caller, response, admin) is { } verdict)
            {
                var body = await response.Content.ReadAsStringAsync(Ct);
                wrong.Add($"{route} as {caller}: {verdict}; got {(int)response.StatusCode} {body[..Math.Min(body.Length, 200)]}");
            }
        }

        if (caller == Roles.Administrator)
        {
            // Start and restart read no body, so the malformed calls started the server: leave the node as it was.
            using var stop = await admin.Post("/api/server/stop");
        }

        Assert.True(wrong.Count == 0, $"{wrong.Count} of the matrix's answers to {caller} are wrong:\n{string.Join('\n', wrong)}");
    }

    [Fact]
    public async Task The_node_to_node_routes_refuse_a_bearer_token_of_every_role()
    {
        var routes = ApiRoute.All(console.Services).Where(IsNodeToNode).ToList();
        var wrong = new List<string>();

        foreach (var role in Roles.All)
        {
            using var client = await console.ClientForAsync(role);
            foreach (var route in routes)
            {
                using var request = route.MalformedRequest();
                using var response = await client.SendAsync(request, Ct);
                if (response.StatusCode != HttpStatusCode.Unauthorized)
                {
                    wrong.Add($"{route} with the token of a {role}: expected 401, got {(int)response.StatusCode}");
                }
            }
        }

        Assert.True(routes.Count >= 3, $"Expected the node-to-node routes, found {string.Join(", ", routes)}");
        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
    }

    private List<ApiRoute> MatrixRoutes() => [.. ApiRoute.All(console.Services).Where(r => !IsNodeToNode(r))];

    private static bool IsNodeToNode(ApiRoute route) =>
        ApiRoute.PathOf(route.Endpoint.RoutePattern).StartsWith(NodeToNodePrefix, StringComparison.Ordinal);

    /// <summary>What API.md says of the route: its exception, else reads for every role and changes for an Administrator; null for a method it does not know.</summary>
    private static RouteAccess? Expected(ApiRoute route) =>
        Exceptions.TryGetValue(route.Name, out var access) ? access : route.Method switch
        {
            "GET" => RouteAccess.EveryRole,
            "POST" or "PUT" or "PATCH" or "DELETE" => RouteAccess.Administrator,
            _ => null,
        };

    /// <summary>The role the route declares in its endpoint metadata; null when it declares none the matrix knows.</summary>
    private static RouteAccess? Declared(ApiRoute route)
    {
        var metadata = route.Endpoint.Metadata;
        if (metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            return RouteAccess.Anonymous;
        }

        var policies = metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToHashSet();
        return !policies.Contains(ApiSetup.ApiPolicy) ? null
            : policies.Contains(ApiSetup.AdministratorPolicy) ? RouteAccess.Administrator
            : policies.Contains(ApiSetup.TroubleshootingPolicy) ? RouteAccess.Troubleshooting
            : policies.Count == 1 || (policies.Count == 2 && policies.Contains(ApiSetup.OwnThingsPolicy)) ? RouteAccess.EveryRole
            : null;
    }

    private static string[] RolesAllowed(RouteAccess access) => access switch
    {
        RouteAccess.Administrator => [Roles.Administrator],
        RouteAccess.Troubleshooting => [Roles.Administrator, Roles.Support],
        _ => [.. Roles.All],
    };

    /// <summary>Null when the answer is right for the caller; else what was expected.</summary>
    private static async Task<string?> JudgeAsync(ApiRoute route, RouteAccess access, string caller, HttpResponseMessage response, HttpClient admin)
    {
        var status = response.StatusCode;
        if (caller == NoToken || access == RouteAccess.Anonymous)
        {
            return (caller == NoToken, access == RouteAccess.Anonymous, status) switch
            {
                (_, true, HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden) => "expected the route's own answer, as it needs no token",
                (true, false, not HttpStatusCode.Unauthorized) => "expected 401",
                _ => null,
            };
        }

        var allowed = RolesAllowed(access);
        if (!allowed.Contains(caller))
        {
            return status != HttpStatusCode.Forbidden ? $"expected 403 for {access}, before the body is read"
                : await ProblemDetailAsync(response) is { } detail && allowed.All(r => detail.Contains(r, StringComparison.Ordinal)) ? null
                : $"expected a problem whose detail names {string.Join(" or ", allowed)}";
        }

        if (status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            return $"expected the route's own answer for {access}";
        }

        if (route.Method == HttpMethods.Get && caller != Roles.Administrator)
        {
            // Reviewer and Support read everything an Administrator reads.
            using var request = route.MalformedRequest();
            using var asAdministrator = await admin.SendAsync(request, Ct);
            return asAdministrator.StatusCode == status ? null : $"expected {(int)asAdministrator.StatusCode}, as an Administrator gets";
        }

        return null;
    }

    private static async Task<string?> ProblemDetailAsync(HttpResponseMessage response)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return null;
        }

        return (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))?["detail"];
    }
}
