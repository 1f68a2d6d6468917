using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Reliability.Tests.Infrastructure;

/// <summary>
/// A real node process whose settings store is a database on a PostgreSQL server of the test's own (so the test may
/// stop it), or the node's own SQLite file. Signed in as <c>vmware</c>; the token survives restarts of the node.
/// </summary>
public sealed class StoreNode : IAsyncDisposable
{
    public const string AdminName = NodeApi.AdminName;
    public const string AdminPassword = NodeApi.AdminPassword;

    private readonly bool _ownsPostgres;

    private StoreNode(ConsoleNode node, PrivatePostgres? postgres, bool ownsPostgres, string token)
    {
        Node = node;
        Postgres = postgres;
        _ownsPostgres = ownsPostgres;
        Token = token;
    }

    public ConsoleNode Node { get; }

    /// <summary>The settings store's server; null for a SQLite store.</summary>
    public PrivatePostgres? Postgres { get; }

    public string Token { get; }

    /// <summary>
    /// Starts a node whose store is a new database on <paramref name="server"/> (shared, not disposed with the node), on a
    /// server of its own when <paramref name="postgresStore"/> and no server is given, or else on SQLite.
    /// </summary>
    public static async Task<StoreNode> StartAsync(bool postgresStore, CancellationToken cancellationToken, PrivatePostgres? server = null)
    {
        var ownsPostgres = server is null;
        var postgres = server;
        ConsoleNode? node = null;
        try
        {
            var settings = new Dictionary<string, string>
            {
                ["Accounts:InitialAdminPassword"] = AdminPassword,
                ["Accounts:SignInAttemptsPerMinute"] = "10000",
            };
            if (postgresStore || postgres is not null)
            {
                postgres ??= await PrivatePostgres.CreateAsync(cancellationToken);
                var database = await postgres.CreateDatabaseAsync("store", cancellationToken);
                settings["Node:SettingsStore:Provider"] = "Postgres";
                settings["Node:SettingsStore:ConnectionString"] = new Npgsql.NpgsqlConnectionStringBuilder(postgres.Admin.ConnectionString) { Database = database, Timeout = 5 }.ConnectionString;
            }

            node = await ConsoleNode.StartAsync(settings, cancellationToken: cancellationToken);
            return new StoreNode(node, postgres, ownsPostgres, await node.GetTokenAsync(AdminName, AdminPassword, cancellationToken));
        }
        catch
        {
            if (node is not null)
            {
                await node.DisposeAsync();
            }

            if (ownsPostgres)
            {
                postgres?.Dispose();
            }
            throw;
        }
    }

    /// <summary>A client for the node's current address with the administrator's token (or <paramref name="token"/>).</summary>
    public HttpClient Client(string? token = null)
    {
        var client = Node.CreateClient(token ?? Token);
        client.Timeout = TimeSpan.FromSeconds(120);
        return client;
    }

    public async Task<JsonObject> GetSectionAsync(string section, CancellationToken cancellationToken)
    {
        using var client = Client();
        using var response = await client.GetAsync($"/api/configuration/{section}", cancellationToken);
        return JsonNode.Parse(await NodeApi.EnsureAsync(response, HttpStatusCode.OK, cancellationToken))!.AsObject();
    }

    /// <summary>PUT of <paramref name="changes"/> on the section's current version; the answer is the caller's.</summary>
    public async Task<HttpResponseMessage> PutSectionAsync(string section, JsonObject changes, CancellationToken cancellationToken)
    {
        var current = await GetSectionAsync(section, cancellationToken);
        changes["version"] = current["version"]!.GetValue<int>();
        using var client = Client();
        return await client.PutAsJsonAsync($"/api/configuration/{section}", changes, cancellationToken);
    }

    public async Task SaveSectionAsync(string section, JsonObject changes, CancellationToken cancellationToken)
    {
        using var response = await PutSectionAsync(section, changes, cancellationToken);
        await NodeApi.EnsureAsync(response, HttpStatusCode.OK, cancellationToken);
    }

    /// <summary>Every revision, newest first.</summary>
    public async Task<JsonArray> RevisionsAsync(CancellationToken cancellationToken)
    {
        using var client = Client();
        using var response = await client.GetAsync("/api/configuration/revisions?take=500", cancellationToken);
        return JsonNode.Parse(await NodeApi.EnsureAsync(response, HttpStatusCode.OK, cancellationToken))!.AsArray();
    }

    /// <summary><c>POST /api/configuration/export</c> without a password: the file's bytes.</summary>
    public async Task<byte[]> ExportAsync(CancellationToken cancellationToken)
    {
        using var client = Client();
        using var response = await client.PostAsJsonAsync("/api/configuration/export", new { }, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"Export answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        return await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    /// <summary>The multipart form of an import of <paramref name="sections"/> from <paramref name="file"/>.</summary>
    public static MultipartFormDataContent ImportForm(byte[] file, string sections)
    {
        var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        form.Add(content, "file", "node.vmoconfig");
        form.Add(new StringContent(sections, Encoding.UTF8), "sections");
        return form;
    }

    public async Task<HttpResponseMessage> ImportAsync(byte[] file, string sections, CancellationToken cancellationToken)
    {
        using var client = Client();
        using var form = ImportForm(file, sections);
        return await client.PostAsync("/api/configuration/import", form, cancellationToken);
    }

    /// <summary>Kills the node process (SIGKILL) and starts it again on the same data directory and store.</summary>
    public async Task KillAndRestartAsync(CancellationToken cancellationToken)
    {
        await Node.StopAsync();
        await Node.RestartAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await Node.DisposeAsync();
        if (_ownsPostgres)
        {
            Postgres?.Dispose();
        }
    }
}
