using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;

namespace OrchestratorConsole.Testing;

/// <summary>
/// A node's HTTP API, signed in as the administrator <c>vmware</c>: what a test needs to configure a node for the
/// cluster and drive its Orchestrator server. Addresses follow the node across restarts (a new port each time).
/// </summary>
public sealed class NodeApi : IDisposable
{
    public const string AdminName = "vmware";
    public const string AdminPassword = "Initial#Admin1";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, PooledConnectionLifetime = TimeSpan.FromSeconds(30) })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    private readonly HttpClient _probe = new(new SocketsHttpHandler { UseCookies = false }) { Timeout = TimeSpan.FromSeconds(2) };

    private NodeApi(ConsoleNode node, string token)
    {
        Node = node;
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>Start-up settings that give <c>vmware</c> the password <see cref="AdminPassword"/>.</summary>
    public static IReadOnlyDictionary<string, string> AdminSettings { get; } = new Dictionary<string, string>
    {
        ["Accounts:InitialAdminPassword"] = AdminPassword,
    };

    public ConsoleNode Node { get; }

    /// <summary>Whether this started <see cref="Node"/> (<see cref="StartNodeAsync"/>), so that disposing it ends the node too.</summary>
    private bool OwnsNode { get; init; }

    /// <summary>Signs in as <c>vmware</c> (a bearer token from <c>POST /api/auth/token</c>).</summary>
    public static async Task<NodeApi> SignInAsync(ConsoleNode node, CancellationToken cancellationToken = default) =>
        new(node, await node.GetTokenAsync(AdminName, AdminPassword, cancellationToken));

    /// <summary>Starts a node process with <see cref="AdminSettings"/> (and <paramref name="settings"/>) and signs in.</summary>
    public static async Task<NodeApi> StartNodeAsync(string? dataDirectory = null, CancellationToken cancellationToken = default, IReadOnlyDictionary<string, string>? settings = null)
    {
        var all = settings is null ? AdminSettings : AdminSettings.Concat(settings).ToDictionary();
        var node = await ConsoleNode.StartAsync(all, dataDirectory, cancellationToken);
        try
        {
            return new NodeApi(node, await node.GetTokenAsync(AdminName, AdminPassword, cancellationToken)) { OwnsNode = true };
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(method, new Uri(Node.BaseAddress, path));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: Json);
        }

        return await _http.SendAsync(request, cancellationToken);
    }

    /// <summary>GET that must answer 200; the body as JSON.</summary>
    public async Task<JsonNode> GetJsonAsync(string path, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Get, path, cancellationToken: cancellationToken);
        return JsonNode.Parse(await EnsureAsync(response, HttpStatusCode.OK, cancellationToken))!;
    }

    /// <summary>Saves fields of a configuration section (reads its version first), as <c>PUT /api/configuration/{section}</c>.</summary>
    public async Task SaveSectionAsync(string section, JsonObject changes, CancellationToken cancellationToken = default)
    {
        var current = await GetJsonAsync($"/api/configuration/{section}", cancellationToken);
        changes["version"] = current["version"]!.GetValue<int>();
        using var response = await SendAsync(HttpMethod.Put, $"/api/configuration/{section}", changes, cancellationToken);
        await EnsureAsync(response, HttpStatusCode.OK, cancellationToken);
    }

    /// <summary>Uploads a <c>.vmoapp</c> package, as <c>POST /api/plugins</c>; it must be installed.</summary>
    public async Task InstallPluginAsync(byte[] package, CancellationToken cancellationToken = default)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(package), "package", "package.vmoapp" } };
        using var response = await _http.PostAsync(new Uri(Node.BaseAddress, "/api/plugins"), form, cancellationToken);
        await EnsureAsync(response, HttpStatusCode.OK, cancellationToken);
    }

    /// <summary>Points the node's Orchestrator database at <paramref name="database"/> on <paramref name="server"/>, with its user and password.</summary>
    public Task UsePostgresAsync(NpgsqlConnectionStringBuilder server, string database, CancellationToken cancellationToken = default) =>
        SaveSectionAsync(
            "database",
            new JsonObject
            {
                ["type"] = "PostgreSQL",
                ["host"] = server.Host,
                ["port"] = server.Port,
                ["databaseName"] = database,
                ["userName"] = server.Username,
                ["password"] = server.Password,
                ["useSsl"] = false,
            },
            cancellationToken);

    /// <summary><c>POST /api/database/install</c>: creates or updates the schema.</summary>
    public async Task InstallDatabaseAsync(CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/database/install", cancellationToken: cancellationToken);
        await EnsureAsync(response, HttpStatusCode.OK, cancellationToken);
    }

    /// <summary>Cluster mode on with the given heartbeat interval and failover heartbeats.</summary>
    public Task EnableClusterModeAsync(int heartbeatIntervalMs = 500, int failoverHeartbeats = 4, int activeNodes = 1, CancellationToken cancellationToken = default) =>
        SaveSectionAsync(
            "cluster",
            new JsonObject { ["clusterMode"] = true, ["activeNodes"] = activeNodes, ["heartbeatIntervalMs"] = heartbeatIntervalMs, ["failoverHeartbeats"] = failoverHeartbeats },
            cancellationToken);

    /// <summary>Database, schema (when <paramref name="install"/>) and cluster mode in one go.</summary>
    public async Task JoinClusterAsync(NpgsqlConnectionStringBuilder server, string database, bool install, int heartbeatIntervalMs = 500, int failoverHeartbeats = 4, CancellationToken cancellationToken = default)
    {
        await UsePostgresAsync(server, database, cancellationToken);
        if (install)
        {
            await InstallDatabaseAsync(cancellationToken);
        }

        await EnableClusterModeAsync(heartbeatIntervalMs, failoverHeartbeats, cancellationToken: cancellationToken);
    }

    /// <summary><c>POST /api/server/start</c>, which must be accepted (202).</summary>
    public async Task StartServerAsync(CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/server/start", cancellationToken: cancellationToken);
        await EnsureAsync(response, HttpStatusCode.Accepted, cancellationToken);
    }

    /// <summary><c>POST /api/server/stop</c>, which must be accepted (202).</summary>
    public async Task StopServerAsync(CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/server/stop", cancellationToken: cancellationToken);
        await EnsureAsync(response, HttpStatusCode.Accepted, cancellationToken);
    }

    public async Task<ServerAnswer> GetServerAsync(CancellationToken cancellationToken = default) =>
        (await GetJsonAsync("/api/server", cancellationToken)).Deserialize<ServerAnswer>(Json)!;

    /// <summary>Polls <c>GET /api/server</c> until <paramref name="until"/> holds; fails with the last answer and the node's output after <paramref name="timeout"/>.</summary>
    public async Task<ServerAnswer> WaitForServerAsync(Func<ServerAnswer, bool> until, TimeSpan timeout, string what, CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        ServerAnswer? last = null;
        while (true)
        {
            last = await GetServerAsync(cancellationToken);
            if (until(last))
            {
                return last;
            }

            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException($"{Node.BaseAddress}: {what} not reached within {timeout.TotalSeconds:0} s; the server answered {last}. Node output (end):\n{Tail(Node.Output)}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>Waits until the server is Running (with a role).</summary>
    public async Task<ServerAnswer> WaitUntilRunningAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var answer = await WaitForServerAsync(s => s is { IsRunning: true, Role: not null } || s.State == "Failed", timeout, "Running", cancellationToken);
        return answer.IsRunning ? answer : throw new InvalidOperationException($"{Node.BaseAddress}: the server failed to start: {answer}");
    }

    /// <summary>The status code of <c>GET /health/active</c>, or null when the node does not answer within 2 s.</summary>
    public async Task<HttpStatusCode?> ActiveHealthAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            using var response = await _probe.GetAsync(new Uri(Node.BaseAddress, "/health/active"), cancellationToken);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>This node's id, from <c>GET /api/node</c>.</summary>
    public async Task<Guid> GetNodeIdAsync(CancellationToken cancellationToken = default) =>
        (await GetJsonAsync("/api/node", cancellationToken))["nodeId"]!.GetValue<Guid>();

    public void Dispose()
    {
        _http.Dispose();
        _probe.Dispose();
        if (OwnsNode)
        {
            // Off the caller's synchronization context: the node's stop awaits its process's exit.
            Task.Run(() => Node.DisposeAsync().AsTask()).GetAwaiter().GetResult();
        }
    }

    /// <summary>The body when the status is <paramref name="expected"/>; otherwise an exception naming both.</summary>
    public static async Task<string> EnsureAsync(HttpResponseMessage response, HttpStatusCode expected, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return response.StatusCode == expected
            ? body
            : throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode} (expected {(int)expected}): {body}");
    }

    private static string Tail(string output) => output.Length > 8_000 ? output[^8_000..] : output;
}
