using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrchestratorConsole.Api.Tests.Infrastructure;

namespace OrchestratorConsole.Api.Tests.Features.Accounts;

public sealed class RoleMatrixTests(RoleMatrixConsole console) : IClassFixture<RoleMatrixConsole>
{
    private static readonly string[] MutatingRouteNames =
    [
        "PUT /api/configuration/general",
        "PUT /api/configuration/database",
        "PUT /api/configuration/cluster",
        "PUT /api/configuration/log",
        "PUT /api/configuration/startup",
        "POST /api/configuration/revisions/{id}/restore",
        "POST /api/database/test",
        "POST /api/database/install",
        "POST /api/accounts",
        "PUT /api/accounts/{userName}",
        "POST /api/accounts/{userName}/unlock",
        "DELETE /api/accounts/{userName}",
        "POST /api/server/start",
        "POST /api/server/stop",
        "POST /api/server/restart",
        "DELETE /api/cluster/nodes/{nodeId}",
        "POST /api/node/regenerate-identity",
        "POST /api/plugins",
        "PUT /api/plugins/{plugin}/enabled",
        "PUT /api/plugins/{plugin}/configuration",
        "DELETE /api/plugins/{plugin}",
    ];

    private static readonly string[] ReadRouteNames =
    [
        "/api/node",
        "/api/server",
        "/api/configuration/general",
        "/api/configuration/database",
        "/api/configuration/cluster",
        "/api/configuration/log",
        "/api/configuration/startup",
        "/api/configuration/revisions",
        "/api/configuration/revisions/{a}/diff/{b}",
        "/api/audit",
        "/api/logs",
        "/api/cluster",
        "/api/plugins",
        "/api/troubleshooting/support-bundle",
    ];

    public static TheoryData<string, string> MutatingRoutes()
    {
        var data = new TheoryData<string, string>();
        foreach (var route in MutatingRouteNames)
        {
            data.Add(route, "Reviewer");
            data.Add(route, "Support");
        }

        return data;
    }

    public static TheoryData<string, string> ReadRoutes()
    {
        var data = new TheoryData<string, string>();
        foreach (var route in ReadRouteNames)
        {
            data.Add(route, "Administrator");
            data.Add(route, "Reviewer");
            data.Add(route, "Support");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(MutatingRoutes))]
    public async Task Every_mutating_route_is_forbidden_to_Reviewer_and_Support_and_changes_nothing(string route, string role)
    {
        var before = await SnapshotAsync();
        using var client = await console.ClientForAsync(role);
        using var request = await BuildRequestAsync(route);

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains("Administrator", problem.Detail);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Theory]
    [MemberData(nameof(ReadRoutes))]
    public async Task Every_read_route_answers_every_role(string route, string role)
    {
        using var client = await console.ClientForAsync(role);
        var path = route;
        if (route.Contains("{a}", StringComparison.Ordinal))
        {
            var revisions = await client.GetArrayAsync("/api/configuration/revisions");
            path = $"/api/configuration/revisions/{revisions[^1]!["id"]}/diff/{revisions[0]!["id"]}";
        }

        using var response = await client.Get(path);

        if (route.EndsWith("support-bundle", StringComparison.Ordinal))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
            return;
        }

        Assert.NotNull(await response.ShouldBeAsync(HttpStatusCode.OK));
    }

    [Fact]
    public async Task Reset_current_version_is_forbidden_to_a_Reviewer_and_allowed_to_Support()
    {
        using var reviewer = await console.ClientForAsync("Reviewer");
        using var refused = await reviewer.PostAsync("/api/troubleshooting/reset-current-version", null, TestContext.Current.CancellationToken);
        var problem = await refused.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains("Support", problem.Detail);

        using var support = await console.ClientForAsync("Support");
        using var allowed = await support.PostAsync("/api/troubleshooting/reset-current-version", null, TestContext.Current.CancellationToken);
        await allowed.ShouldBeOkAsync();
    }

    [Theory]
    [InlineData("Reviewer")]
    [InlineData("Support")]
    public async Task The_account_list_is_for_administrators_only(string role)
    {
        using var client = await console.ClientForAsync(role);

        using var response = await client.Get("/api/accounts");

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_same_requests_succeed_for_an_administrator()
    {
        // Proves the requests of the matrix are well formed: only the role makes them fail.
        using var admin = await console.AdminAsync();
        // Server, cluster, node and plug-in routes change the node's state for the other tests; their own test classes cover them.
        foreach (var route in MutatingRouteNames.Where(r => !r.StartsWith("DELETE", StringComparison.Ordinal) && !r.Contains("/install", StringComparison.Ordinal)
            && !r.Contains("/server/", StringComparison.Ordinal) && !r.Contains("/node/", StringComparison.Ordinal) && !r.Contains("/plugins", StringComparison.Ordinal)))
        {
            using var request = await BuildRequestAsync(route);
            using var response = await admin.SendAsync(request, TestContext.Current.CancellationToken);
            Assert.True(response.IsSuccessStatusCode, $"{route} as Administrator: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
        }

        using var revert = await admin.Put($"/api/accounts/{console.Target}", new { role = "Support" });
        await revert.ShouldBeOkAsync();
    }

    private async Task<HttpRequestMessage> BuildRequestAsync(string route)
    {
        using var admin = await console.AdminAsync();
        var (method, path) = (route.Split(' ')[0], route.Split(' ')[1]);
        JsonObject? body = null;
        if (path.StartsWith("/api/configuration/", StringComparison.Ordinal) && method == "PUT")
        {
            body = await admin.GetOkAsync(path);
            switch (path["/api/configuration/".Length..])
            {
                case "general":
                    body["name"] = "renamed-" + Guid.NewGuid().ToString("N")[..6];
                    break;
                case "database":
                    body["type"] = "PostgreSQL";
                    body["host"] = "127.0.0.1";
                    body["port"] = 1;
                    body["databaseName"] = "vco";
                    body["userName"] = "vco";
                    body["password"] = "Matrix-Pass-1!";
                    break;
                case "cluster":
                    body["activeNodes"] = (int)body["activeNodes"]! % 32 + 1;
                    break;
                case "log":
                    body["level"] = (string?)body["level"] == "DEBUG" ? "INFO" : "DEBUG";
                    break;
                case "startup":
                    body["startServerOnLaunch"] = !(bool)body["startServerOnLaunch"]!;
                    break;
            }
        }
        else if (path.Contains("{id}", StringComparison.Ordinal))
        {
            var revisions = await admin.GetArrayAsync("/api/configuration/revisions?section=general");
            path = path.Replace("{id}", ((long)revisions[^1]!["id"]!).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
            body = new JsonObject { ["comment"] = "matrix" };
        }
        else if (path == "/api/database/test")
        {
            body = new JsonObject { ["type"] = "Embedded" };
        }
        else if (path == "/api/accounts")
        {
            body = new JsonObject { ["userName"] = "new-" + Guid.NewGuid().ToString("N")[..8], ["password"] = ConsoleFactory.UserPassword, ["role"] = "Administrator" };
        }
        else if (path.Contains("{userName}", StringComparison.Ordinal))
        {
            path = path.Replace("{userName}", console.Target, StringComparison.Ordinal);
            body = method == "PUT" ? new JsonObject { ["role"] = "Administrator" } : null;
        }

        else if (path.Contains("{nodeId}", StringComparison.Ordinal))
        {
            path = path.Replace("{nodeId}", Guid.NewGuid().ToString(), StringComparison.Ordinal);
        }
        else if (path.Contains("{plugin}", StringComparison.Ordinal))
        {
            path = path.Replace("{plugin}", "com.example.mail", StringComparison.Ordinal);
            body = path.EndsWith("/enabled", StringComparison.Ordinal) ? new JsonObject { ["enabled"] = false } : method == "PUT" ? new JsonObject { ["smtpHost"] = "mail.example.com" } : null;
        }

        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (path == "/api/plugins")
        {
            request.Content = new MultipartFormDataContent { { new ByteArrayContent([0x50, 0x4B, 0x05, 0x06, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), "package", "empty.vmoapp" } };
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return request;
    }

    /// <summary>Everything a mutating route could change: every section, the history, the accounts.</summary>
    private async Task<string> SnapshotAsync()
    {
        using var admin = await console.AdminAsync();
        var parts = new List<string>();
        foreach (var section in new[] { "general", "database", "cluster", "log", "startup" })
        {
            parts.Add((await admin.GetOkAsync($"/api/configuration/{section}")).ToJsonString());
        }

        parts.Add((await admin.GetArrayAsync("/api/configuration/revisions")).Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        parts.Add((await admin.GetArrayAsync("/api/accounts")).ToJsonString());
        parts.Add((await admin.GetOkAsync("/api/server"))["state"]!.ToJsonString());
        parts.Add((await admin.GetOkAsync("/api/node"))["nodeId"]!.ToJsonString());
        parts.Add((await admin.GetArrayAsync("/api/plugins")).ToJsonString());
        return string.Join("\n", parts);
    }
}
