using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Api.Tests.Infrastructure;

/// <summary>
/// The real console in memory, on a data directory of its own. One instance per test class (IClassFixture): a
/// start migrates a fresh settings store and password hashing is deliberately slow, so tokens are cached per user.
/// </summary>
public class ConsoleFactory : WebApplicationFactory<Program>
{
    public const string AdminName = "vmware";
    public const string AdminPassword = "Admin-Pass-1!";

    /// <summary>A password that meets the policy, for accounts the tests create.</summary>
    public const string UserPassword = "User-Pass-1!";

    private readonly Dictionary<string, string?> _settings;
    private readonly bool _ownsData;
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _tokens = new();

    public ConsoleFactory()
        : this(new Dictionary<string, string?>())
    {
    }

    /// <param name="settings">Start-up settings laid over the defaults below; a null value removes a default.</param>
    /// <param name="data">The data directory to use (kept at dispose); a fresh one when null.</param>
    internal ConsoleFactory(IDictionary<string, string?> settings, TempDirectory? data = null)
    {
        _ownsData = data is null;
        Data = data ?? new TempDirectory();
        _settings = new Dictionary<string, string?>
        {
            ["Node:DataDirectory"] = Data.Path,
            ["Accounts:InitialAdminPassword"] = AdminPassword,
            ["Accounts:SignInAttemptsPerMinute"] = "10000",
            // The node's own log keeps every line; the test output only needs the warnings.
            ["Logging:Console:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings)
        {
            _settings[key] = value;
        }
    }

    public TempDirectory Data { get; }

    /// <summary>The SQLite settings store file of this node.</summary>
    public string SettingsStoreFile => Path.Combine(Data.Path, "node-settings.db");

    public string LogsDirectory => Path.Combine(Data.Path, "logs");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        // As settings of the host, so that what the app decides while its services are registered (before the app
        // configuration below is added) sees them too, as it sees a real node's command line.
        foreach (var (key, value) in _settings.Where(s => s.Value is not null))
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureAppConfiguration((_, configuration) =>
            configuration.AddInMemoryCollection(_settings.Where(s => s.Value is not null)));
    }

    /// <summary>A client that never follows redirects (an /api call must never be redirected) and sends no token.</summary>
    public HttpClient Anonymous() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>A client that sends <paramref name="token"/> as its bearer token.</summary>
    public HttpClient WithToken(string token)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A token of <paramref name="userName"/>, issued once per user and password for this factory.</summary>
    public Task<string> TokenAsync(string userName, string password) =>
        _tokens.GetOrAdd($"{userName}\n{password}", _ => new Lazy<Task<string>>(() => IssueTokenAsync(userName, password))).Value;

    /// <summary>A fresh token, not cached: for tests that kill tokens.</summary>
    public async Task<string> IssueTokenAsync(string userName, string password)
    {
        using var client = Anonymous();
        using var response = await client.Post("/api/auth/token", new { userName, password });
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"No token for '{userName}': {(int)response.StatusCode} {body}");
        return (string)JsonNode.Parse(body)!["token"]!;
    }

    public async Task<HttpClient> ClientAsync(string userName, string password) => WithToken(await TokenAsync(userName, password));

    public Task<HttpClient> AdminAsync() => ClientAsync(AdminName, AdminPassword);

    /// <summary>Creates an account with a unique name in <paramref name="role"/> and makes its first password change to <see cref="UserPassword"/>; returns its name.</summary>
    public async Task<string> CreateAccountAsync(string role, string prefix = "user")
    {
        var userName = $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];
        using var admin = await AdminAsync();
        using var anonymous = CreateClient();
        await NewAccounts.CreateAsync(admin, anonymous, userName, UserPassword, role, TestContext.Current.CancellationToken);
        return userName;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownsData)
        {
            Data.Dispose();
        }

        GC.SuppressFinalize(this);
    }
}
