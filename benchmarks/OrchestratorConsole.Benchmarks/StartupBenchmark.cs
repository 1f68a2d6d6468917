using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace OrchestratorConsole.Benchmarks;

/// <summary>Time from process start to <c>/health/ready</c> = 200, cold (a fresh data directory each time).</summary>
internal static class StartupBenchmark
{
    public static async Task RunAsync(string configuration, int runs = 5)
    {
        var root = FindRepositoryRoot();
        var dll = Path.Combine(root, "bin", configuration, "net10.0", "OrchestratorConsole.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"Build the console first ({dll} is missing).");
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var data = Directory.CreateTempSubdirectory("orch-bench-");
            var port = FreePort();
            var watch = Stopwatch.StartNew();
            using var process = Process.Start(new ProcessStartInfo("dotnet", [dll, "--urls", $"http://127.0.0.1:{port}", "--Node:DataDirectory", data.FullName])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = root,
            })!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            while (true)
            {
                try
                {
                    using var response = await http.GetAsync($"http://127.0.0.1:{port}/health/ready");
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        break;
                    }
                }
                catch (HttpRequestException)
                {
                }

                if (watch.Elapsed > TimeSpan.FromSeconds(60) || process.HasExited)
                {
                    throw new TimeoutException("The console did not become ready within 60 s.");
                }

                await Task.Delay(10);
            }

            times.Add(Statistics.Ms(watch));
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            data.Delete(recursive: true);
        }

        Console.WriteLine($"start-up to /health/ready: median {Statistics.Median(times):F0} ms over {runs} cold starts (each: {string.Join(", ", times.Select(t => t.ToString("F0")))} ms)");
    }

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
}
