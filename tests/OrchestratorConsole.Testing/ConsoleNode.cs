using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;

namespace OrchestratorConsole.Testing;

/// <summary>
/// One console node: the built <c>OrchestratorConsole.dll</c> started as a real process on a free loopback port,
/// with its own data directory. Disposing kills the process (by its own id) and removes a data directory it created.
/// </summary>
public sealed partial class ConsoleNode : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);
    private const int OutputLimit = 256 * 1024;
    private const int PortAttempts = 3;

    private readonly StringBuilder _output = new();
    private readonly TempDirectory? _ownedDirectory;
    private readonly IReadOnlyDictionary<string, string> _settings;
    private Process? _process;

    private readonly string _hostAssembly;
    private string? _workingDirectory;

    private ConsoleNode(string dataDirectory, TempDirectory? ownedDirectory, IReadOnlyDictionary<string, string> settings, string hostAssembly)
    {
        DataDirectory = dataDirectory;
        _ownedDirectory = ownedDirectory;
        _settings = settings;
        _hostAssembly = hostAssembly;
    }

    /// <summary>The node's address, e.g. <c>http://127.0.0.1:41234</c> (no trailing slash).</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The folder passed as <c>Node:DataDirectory</c>.</summary>
    public string DataDirectory { get; }

    /// <summary>The process id while it runs.</summary>
    public int? ProcessId => _process is { HasExited: false } process ? process.Id : null;

    /// <summary>What the process wrote to stdout and stderr so far (the last 256 KB).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// Starts a node and waits until <c>/health/ready</c> answers 200. <paramref name="settings"/> are passed as
    /// <c>--Key value</c> arguments (e.g. <c>Accounts:InitialAdminPassword</c>). Without <paramref name="dataDirectory"/>
    /// a temporary one is created and deleted at dispose. <paramref name="hostAssembly"/> runs another build of the
    /// console (e.g. a published one) instead of the repository's build output; <paramref name="workingDirectory"/>
    /// starts it from another folder than its own, as a service manager does.
    /// </summary>
    public static async Task<ConsoleNode> StartAsync(IReadOnlyDictionary<string, string>? settings = null, string? dataDirectory = null, CancellationToken cancellationToken = default, string? hostAssembly = null, string? workingDirectory = null)
    {
        var owned = dataDirectory is null ? new TempDirectory() : null;
        var node = new ConsoleNode(dataDirectory ?? owned!.Path, owned, settings ?? new Dictionary<string, string>(), hostAssembly ?? RepositoryPaths.ConsoleHostAssembly)
        {
            _workingDirectory = workingDirectory,
        };
        return await StartAsync(node, cancellationToken);
    }

    private static async Task<ConsoleNode> StartAsync(ConsoleNode node, CancellationToken cancellationToken)
    {
        try
        {
            await node.StartProcessAsync(cancellationToken);
            return node;
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the process again after <see cref="StopAsync"/>, on a new port, with the same data directory and settings.</summary>
    public Task RestartAsync(CancellationToken cancellationToken = default) =>
        _process is not null ? throw new InvalidOperationException("The node is still running.") : StartProcessAsync(cancellationToken);

    /// <summary>Kills the process (only this node's own process id) and waits for it to end.</summary>
    public async Task StopAsync()
    {
        var process = _process;
        _process = null;
        if (process is null)
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: false);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        catch (OperationCanceledException)
        {
            // Did not end in time; nothing more may be done without touching other processes.
        }
        finally
        {
            process.Dispose();
        }
    }

    /// <summary>Sends a signal (e.g. <c>STOP</c>, <c>CONT</c>) to this node's own process with <c>kill -SIGNAL pid</c>.</summary>
    public async Task SignalAsync(string signal, CancellationToken cancellationToken = default)
    {
        var pid = ProcessId ?? throw new InvalidOperationException("The node's process is not running.");
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        await kill.WaitForExitAsync(cancellationToken);
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {pid} exited with {kill.ExitCode}.");
        }
    }

    /// <summary>An HTTP client for this node's address.</summary>
    public HttpClient CreateClient(string? bearerToken = null)
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (bearerToken is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        }

        return client;
    }

    /// <summary>A bearer token from <c>POST /api/auth/token</c>.</summary>
    public async Task<string> GetTokenAsync(string userName, string password, CancellationToken cancellationToken = default)
    {
        using var client = CreateClient();
        using var response = await client.PostAsJsonAsync("/api/auth/token", new { userName, password }, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"POST /api/auth/token as {userName} answered {(int)response.StatusCode}: {body}");
        }

        return (await response.Content.ReadFromJsonAsync<TokenAnswer>(cancellationToken))!.Token;
    }

    /// <summary>
    /// Creates a console account through <c>POST /api/accounts</c>, signed in as an administrator, and makes its first
    /// password change (<c>POST /api/auth/password</c>) to <paramref name="password"/>, as its user would.
    /// </summary>
    public async Task CreateAccountAsync(string administratorName, string administratorPassword, string userName, string password, string role, CancellationToken cancellationToken = default)
    {
        using var administrator = CreateClient(await GetTokenAsync(administratorName, administratorPassword, cancellationToken));
        using var anonymous = CreateClient();
        await NewAccounts.CreateAsync(administrator, anonymous, userName, password, role, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _ownedDirectory?.Dispose();
    }

    private async Task StartProcessAsync(CancellationToken cancellationToken)
    {
        var host = _hostAssembly;
        for (var attempt = 1; ; attempt++)
        {
            var port = _networkTabPort ?? FreePort();
            BaseAddress = new Uri($"http://127.0.0.1:{port}");
            Append($"--- starting node on {BaseAddress} (attempt {attempt}) ---");
            _process = Launch(host, port);
            var started = await WaitUntilReadyAsync(_process, cancellationToken);
            if (started)
            {
                return;
            }

            await StopAsync();
            if (attempt >= PortAttempts || !Output.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"The console node did not become ready at {BaseAddress}/health/ready. Its output:\n{Output}");
            }
        }
    }

    private Process Launch(string host, int port)
    {
        var start = new ProcessStartInfo(DotnetProcess.Host)
        {
            WorkingDirectory = _workingDirectory ?? Path.GetDirectoryName(host)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(host);
        if (_networkTabPort is null)
        {
            start.ArgumentList.Add("--urls");
            start.ArgumentList.Add(ListenUrls(port));
        }
        start.ArgumentList.Add("--Node:DataDirectory");
        start.ArgumentList.Add(DataDirectory);
        foreach (var (key, value) in _settings)
        {
            start.ArgumentList.Add($"--{key}");
            start.ArgumentList.Add(value);
        }

        // The node listens where --urls says, whatever the test runner's own environment holds.
        foreach (var variable in new[] { "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_URLS" })
        {
            start.Environment.Remove(variable);
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task<bool> WaitUntilReadyAsync(Process process, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < ReadyTimeout)
        {
            if (process.HasExited)
            {
                Append($"--- the process ended with exit code {process.ExitCode} ---");
                return false;
            }

            try
            {
                using var response = await client.GetAsync("/health/ready", cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // One slow answer while starting.
            }

            await Task.Delay(200, cancellationToken);
        }

        Append($"--- not ready after {ReadyTimeout.TotalSeconds:0} s ---");
        return false;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
            if (_output.Length > OutputLimit)
            {
                _output.Remove(0, _output.Length - OutputLimit);
            }
        }
    }

    private sealed record TokenAnswer(string Token);
}
