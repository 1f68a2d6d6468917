using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Playwright;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Benchmarks;

/// <summary>
/// The console under load, each figure against a baseline measured in the same run: API requests per second against
/// <c>/health/live</c> (of the node and of a bare Blazor Server app), and the resident memory one Blazor circuit of
/// the cluster view costs against a circuit of a bare Blazor Server + MudBlazor page — real Chromium pages, real
/// processes, a two-node cluster on PostgreSQL.
/// </summary>
internal static class LoadBenchmark
{
    private const int Connections = 16;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Measured = TimeSpan.FromSeconds(10);

    public static async Task<IReadOnlyList<RatioRow>> RunAsync(int circuits = 80)
    {
        await using var cluster = await TestCluster.StartAsync(2, TestPostgres.Admin, await TestPostgres.CreateDatabaseAsync("bench_load"));
        var node = cluster.Nodes[0];
        await using var bare = await StartBareAppAsync();
        var token = await node.Node.GetTokenAsync(NodeApi.AdminName, NodeApi.AdminPassword);

        Console.WriteLine($"API load: {Connections} connections, {WarmUp.TotalSeconds:F0} s warm-up, {Measured.TotalSeconds:F0} s measured per endpoint; client and server share the machine's {Environment.ProcessorCount} cores");
        var bareLive = await RequestsPerSecondAsync(bare, "bare", "/health/live", null);
        Report("bare Blazor app GET /health/live (baseline)", bareLive, null);
        var live = await RequestsPerSecondAsync(node.Node, "node", "/health/live", null);
        Report("node GET /health/live (baseline)", live, null);
        var api = new Dictionary<string, LoadResult>();
        foreach (var path in new[] { "/api/server", "/api/cluster", "/api/configuration/general", "/api/node" })
        {
            api[path] = await RequestsPerSecondAsync(node.Node, "node", path, token);
            Report($"node GET {path} (bearer)", api[path], live);
        }

        var (playwright, browser) = await Chromium.LaunchAsync();
        try
        {
            var bareTour = new PageTour("bare app", bare.BaseAddress, "/", SignIn: false,
                [("[data-testid=to-other]", "[data-testid=page-second]"), ("[data-testid=to-other]", "[data-testid=page-first]")]);
            var consoleTour = new PageTour("console", node.Node.BaseAddress, "/cluster", SignIn: true,
                [("a.mud-nav-link[href='/']", "[data-testid=node-id]"), ("a.mud-nav-link[href='/cluster']", "[data-testid=node-name]")]);
            var firstLoads = await PageTimings.FirstLoadsAsync(browser, bareTour, consoleTour);
            Console.WriteLine($"first load, one page at a time: bare page: {firstLoads.Baseline}");
            Console.WriteLine($"first load, one page at a time: cluster view: {firstLoads.Console}");
            var movesProfile = ServerProfile.TraceAsync(node.Node.ProcessId!.Value, "node-moves", 15);
            var moves = await PageTimings.MovesAsync(browser, bareTour, consoleTour);
            await movesProfile;
            Console.WriteLine($"move between two pages of a live circuit, median: bare app {moves.Baseline:F0} ms, console (Overview and Cluster) {moves.Console:F0} ms (to Overview {moves.ConsoleMoves[0]:F0} ms, to Cluster {moves.ConsoleMoves[1]:F0} ms)");

            var baseline = await CircuitCostAsync(browser, bare.ProcessId!.Value, bare.BaseAddress, "/", signIn: false, circuits);
            Console.WriteLine($"bare Blazor Server + MudBlazor page (baseline): {baseline}");
            var console = await CircuitCostAsync(browser, node.Node.ProcessId!.Value, node.Node.BaseAddress, "/cluster", signIn: true, circuits);
            Console.WriteLine($"cluster view of a 2-node cluster, refreshed every second: {console}");
            Console.WriteLine($"resident memory per circuit: cluster view / bare page = {console.BytesPerCircuit / baseline.BytesPerCircuit:F2}");
            return
            [
                new RatioRow("GET /health/live, requests/s: bare app, node", bareLive.PerSecond, live.PerSecond, "req/s", 0.8, LowerIsBetter: false),
                new RatioRow("GET /api/cluster against the node's /health/live, requests/s", live.PerSecond, api["/api/cluster"].PerSecond, "req/s", 0.6, LowerIsBetter: false),
                new RatioRow("GET /api/node against the node's /health/live, requests/s", live.PerSecond, api["/api/node"].PerSecond, "req/s", 0.6, LowerIsBetter: false),
                new RatioRow("first load to interactive: bare page, cluster view", firstLoads.Baseline.InteractiveMs, firstLoads.Console.InteractiveMs, "ms", 1.5, LowerIsBetter: true),
                new RatioRow("tab to tab, click to the page shown: bare app's two pages, Overview and Cluster", moves.Baseline, moves.Console, "ms", 1.5, LowerIsBetter: true),
                new RatioRow("resident memory per circuit: bare page, cluster view refreshed each second", baseline.BytesPerCircuit / 1024 / 1024, console.BytesPerCircuit / 1024 / 1024, "MB", 1.5, LowerIsBetter: true),
            ];
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }

    private static void Report(string what, LoadResult result, LoadResult? baseline) =>
        Console.WriteLine(
            $"{what}: {result.PerSecond:F0} requests/s, latency p50 {result.P50:F2} ms, p99 {result.P99:F2} ms, {result.Failures} failed"
            + (baseline is null ? string.Empty : $"; {result.PerSecond / baseline.PerSecond:P0} of the node's /health/live"));

    private sealed record LoadResult(double PerSecond, double P50, double P99, int Failures);

    /// <summary>Closed loop: <see cref="Connections"/> workers send one request after another; only the measured window counts.</summary>
    private static async Task<LoadResult> RequestsPerSecondAsync(ConsoleNode server, string name, string path, string? token)
    {
        var profile = ServerProfile.TraceAsync(server.ProcessId!.Value, $"{name}{path.Replace('/', '-')}", (int)(WarmUp + Measured).TotalSeconds - 1);
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Connections, UseCookies = false, AllowAutoRedirect = false })
        {
            BaseAddress = server.BaseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var clock = Stopwatch.StartNew();
        var measureFrom = WarmUp;
        var measureTo = WarmUp + Measured;
        var latencies = new List<double>[Connections];
        var failures = 0;
        var workers = Enumerable.Range(0, Connections).Select(i => Task.Run(async () =>
        {
            var mine = latencies[i] = [];
            while (clock.Elapsed < measureTo)
            {
                var started = clock.Elapsed;
                using var response = await client.GetAsync(path, HttpCompletionOption.ResponseContentRead);
                var ended = clock.Elapsed;
                if (started < measureFrom || ended > measureTo)
                {
                    continue;
                }

                if (response.StatusCode == HttpStatusCode.OK)
                {
                    mine.Add((ended - started).TotalMilliseconds);
                }
                else
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);
        await profile;
        var all = latencies.SelectMany(l => l).ToList();
        return new LoadResult(all.Count / Measured.TotalSeconds, Statistics.Median(all), Statistics.Percentile(all, 0.99), failures);
    }

    private sealed record CircuitCost(int Circuits, long BaselineBytes, long LoadedBytes, double BytesPerCircuit, double CpuPercent, double SecondsPerPage)
    {
        public override string ToString() =>
            $"{Circuits} circuits: resident memory {Mb(BaselineBytes)} -> {Mb(LoadedBytes)} MB, {BytesPerCircuit / 1024 / 1024:F2} MB per circuit (slope over every {Step}); "
            + $"server CPU with them open {CpuPercent:F1} % of one core; {SecondsPerPage * 1000:F0} ms per page to interactive";

        private static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("F1", CultureInfo.InvariantCulture);
    }

    private const int Step = 10;

    /// <summary>
    /// Opens <paramref name="circuits"/> Chromium pages on <paramref name="path"/>, each until its circuit is interactive
    /// (the <c>data-interactive="yes"</c> marker), and reads the server's resident memory after every <see cref="Step"/>
    /// of them; the cost of a circuit is the least-squares slope of memory over circuits, which one garbage collection
    /// landing between two readings moves far less than a difference of two readings. Two pages opened first and kept
    /// open warm the server.
    /// </summary>
    private static async Task<CircuitCost> CircuitCostAsync(IBrowser browser, int processId, Uri baseAddress, string path, bool signIn, int circuits)
    {
        await using var context = await browser.NewContextAsync(new() { BaseURL = baseAddress.ToString() });
        if (signIn)
        {
            var login = await context.NewPageAsync();
            await ConsoleBrowser.LogInAsync(login, NodeApi.AdminName, NodeApi.AdminPassword);
            await login.CloseAsync();
        }

        for (var i = 0; i < 2; i++)
        {
            await OpenInteractiveAsync(context, path);
        }

        await Task.Delay(TimeSpan.FromSeconds(3));
        var points = new List<(double Circuits, double Bytes)> { (0, await SteadyResidentBytesAsync(processId)) };
        var name = signIn ? "node-circuits" : "bare-circuits";
        await ServerProfile.HeapAsync(processId, $"{name}-0");
        var opening = TimeSpan.Zero;
        for (var open = 0; open < circuits;)
        {
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < Step && open < circuits; i++, open++)
            {
                await OpenInteractiveAsync(context, path);
            }

            opening += watch.Elapsed;
            await Task.Delay(TimeSpan.FromSeconds(2));
            points.Add((open, await SteadyResidentBytesAsync(processId)));
        }

        var cpuStart = CpuSeconds(processId);
        var cpuWatch = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(10));
        var cpu = (CpuSeconds(processId) - cpuStart) / cpuWatch.Elapsed.TotalSeconds * 100;
        await ServerProfile.HeapAsync(processId, $"{name}-{circuits}");
        return new CircuitCost(circuits, (long)points[0].Bytes, (long)points[^1].Bytes, Slope(points), cpu, opening.TotalSeconds / circuits);
    }

    private static double Slope(IReadOnlyList<(double X, double Y)> points)
    {
        var meanX = points.Average(p => p.X);
        var meanY = points.Average(p => p.Y);
        return points.Sum(p => (p.X - meanX) * (p.Y - meanY)) / points.Sum(p => (p.X - meanX) * (p.X - meanX));
    }

    private static async Task OpenInteractiveAsync(IBrowserContext context, string path)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);
        await ConsoleBrowser.WaitForInteractiveAsync(page, 60_000);
    }

    /// <summary>The median of three readings of VmRSS a second apart.</summary>
    private static async Task<long> SteadyResidentBytesAsync(int processId)
    {
        var readings = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            readings.Add(ResidentBytes(processId));
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        return (long)Statistics.Median(readings);
    }

    private static long ResidentBytes(int processId)
    {
        var line = File.ReadLines($"/proc/{processId}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>User + system CPU time of the process (fields 14 and 15 of /proc/pid/stat, in clock ticks of 1/100 s).</summary>
    private static double CpuSeconds(int processId)
    {
        var stat = File.ReadAllText($"/proc/{processId}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    /// <summary>The bare Blazor Server + MudBlazor app of benchmarks/, started as a process of its own on a free port.</summary>
    private static Task<ConsoleNode> StartBareAppAsync()
    {
        var assembly = Path.Combine(RepositoryPaths.Root, "benchmarks", "OrchestratorConsole.Benchmarks.BareBlazor", "bin", RepositoryPaths.Configuration, "net10.0", "OrchestratorConsole.Benchmarks.BareBlazor.dll");
        return File.Exists(assembly)
            ? ConsoleNode.StartAsync(new Dictionary<string, string> { ["Logging:LogLevel:Default"] = "Warning" }, hostAssembly: assembly)
            : throw new InvalidOperationException($"The bare app was not built at {assembly}: build OrchestratorConsole.sln with -c {RepositoryPaths.Configuration} first.");
    }
}
