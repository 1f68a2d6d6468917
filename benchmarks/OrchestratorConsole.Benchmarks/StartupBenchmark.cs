using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace OrchestratorConsole.Benchmarks;

/// <summary>
/// Time from process start to <c>/health/ready</c> = 200, of the console and of the bare app (Blazor Server, MudBlazor,
/// EF Core SQLite with one migration applied at start), cold (a fresh data directory each time) and warm (a restart on
/// the data directory of an earlier start, stopped cleanly). The two apps' starts alternate, and which one goes first
/// alternates too, so a burst of load on the shared cores falls on both.
/// </summary>
internal static class StartupBenchmark
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    public static async Task<IReadOnlyList<RatioRow>> RunAsync(string configuration, int runs = 7)
    {
        var root = FindRepositoryRoot();
        var bare = new App("bare app", Built(Path.Combine(root, "benchmarks", "OrchestratorConsole.Benchmarks.BareBlazor", "bin", configuration, "net10.0", "OrchestratorConsole.Benchmarks.BareBlazor.dll")));
        var console = new App("console", Built(Path.Combine(root, "bin", configuration, "net10.0", "OrchestratorConsole.dll")));
        Console.WriteLine($"start-up to /health/ready: {runs} cold and {runs} warm starts of each app, interleaved; load average before: {LoadAverage()}");

        var warmData = new Dictionary<App, DirectoryInfo>();
        try
        {
            foreach (var app in new[] { bare, console })
            {
                // The warm starts' data directory, created by one start that is not counted; JIT and disk caches warm up too.
                warmData[app] = Directory.CreateTempSubdirectory("orch-bench-warm-");
                await StartUntilReadyAsync(root, app, warmData[app]);
            }

            for (var i = 0; i < runs; i++)
            {
                foreach (var app in i % 2 == 0 ? new[] { bare, console } : [console, bare])
                {
                    var fresh = Directory.CreateTempSubdirectory("orch-bench-cold-");
                    app.Cold.Add(await StartUntilReadyAsync(root, app, fresh));
                    fresh.Delete(recursive: true);
                    app.Warm.Add(await StartUntilReadyAsync(root, app, warmData[app]));
                }
            }
        }
        finally
        {
            foreach (var data in warmData.Values)
            {
                data.Delete(recursive: true);
            }
        }

        foreach (var app in new[] { bare, console })
        {
            Console.WriteLine($"  {app.Name}: cold {Describe(app.Cold)}; warm {Describe(app.Warm)}");
        }

        Console.WriteLine($"  load average after: {LoadAverage()}");
        return
        [
            new RatioRow("cold start to ready, fresh data directory", Statistics.Median(bare.Cold), Statistics.Median(console.Cold), "s", 1.5, LowerIsBetter: true),
            new RatioRow("warm restart to ready", Statistics.Median(bare.Warm), Statistics.Median(console.Warm), "s", 1.3, LowerIsBetter: true),
        ];
    }

    /// <summary>Starts the app on a free port, waits for ready, then stops it cleanly (SIGTERM) and waits for its exit.</summary>
    private static async Task<double> StartUntilReadyAsync(string root, App app, DirectoryInfo data)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var port = FreePort();
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(new ProcessStartInfo("dotnet", [app.Assembly, "--urls", $"http://127.0.0.1:{port}", "--Node:DataDirectory", data.FullName])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = root,
        })!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            while (!await IsReadyAsync(http, port))
            {
                if (watch.Elapsed > ReadyTimeout || process.HasExited)
                {
                    throw new TimeoutException($"The {app.Name} did not become ready within {ReadyTimeout.TotalSeconds:F0} s.");
                }

                await Task.Delay(10);
            }

            return watch.Elapsed.TotalSeconds;
        }
        finally
        {
            await StopAsync(process);
        }
    }

    private static async Task<bool> IsReadyAsync(HttpClient http, int port)
    {
        try
        {
            using var response = await http.GetAsync($"http://127.0.0.1:{port}/health/ready");
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>A clean stop, as a service manager does it, so the warm start finds what a restart finds; killed if it hangs.</summary>
    private static async Task StopAsync(Process process)
    {
        if (process.HasExited)
        {
            return;
        }

        using (var term = Process.Start(new ProcessStartInfo("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })!)
        {
            await term.WaitForExitAsync();
        }

        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static string Describe(List<double> seconds) =>
        $"median {Statistics.Median(seconds):F2} s ({string.Join(", ", seconds.Select(s => s.ToString("F2", CultureInfo.InvariantCulture)))})";

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static string Built(string assembly) =>
        File.Exists(assembly) ? assembly : throw new FileNotFoundException($"Build the solution first ({assembly} is missing).");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static string FindRepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OrchestratorConsole.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new DirectoryNotFoundException("OrchestratorConsole.sln not found above the benchmark.");
    }

    private sealed record App(string Name, string Assembly)
    {
        public List<double> Cold { get; } = [];

        public List<double> Warm { get; } = [];
    }
}
