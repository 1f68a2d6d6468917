using System.Diagnostics;
using OrchestratorConsole.Benchmarks;

// Prints the figures reported in docs/benchmarks.md. Run from the repository root after a Release build:
//   dotnet run -c Release --project benchmarks/OrchestratorConsole.Benchmarks -- [startup|render|all]
// "startup" (and "all") ends with a table of the console's figures against the bare app's of the same run.
// The cluster figures need PostgreSQL (a server like test.sh's, its superuser connection in ORCHESTRATOR_TEST_POSTGRES):
//   dotnet run -c Release --project benchmarks/OrchestratorConsole.Benchmarks -- [cluster|takeover|heartbeat|cluster-render|load]
// "load" also drives Debian's Chromium (ORCHESTRATOR_TEST_CHROMIUM, else /usr/bin/chromium) and ends with its table of ratios;
// with ORCHESTRATOR_BENCH_PROFILE=<folder> it also writes CPU traces and heap dumps of the servers there (dotnet-trace, dotnet-gcdump).
// Plug-ins, export/import and join over the embedded database:
//   dotnet run -c Release --project benchmarks/OrchestratorConsole.Benchmarks -- [plugins|transfer|join]
var what = args.FirstOrDefault() ?? "all";
var configuration = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar))) ?? "Release";
Console.WriteLine($"Orchestrator Console benchmarks ({configuration}, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd})");
var ratios = new List<RatioRow>();
if (what is "startup" or "all")
{
    ratios.AddRange(await StartupBenchmark.RunAsync(configuration));
}

if (what is "render" or "all")
{
    await RenderBenchmark.RunAsync();
}

if (PluginAndTransferBenchmark.Handles(what))
{
    await PluginAndTransferBenchmark.RunAsync(what);
}

if (ClusterBenchmark.Handles(what))
{
    ratios.AddRange(await ClusterBenchmark.RunAsync(what));
}

RatioTable.Print(ratios);

namespace OrchestratorConsole.Benchmarks
{
    internal static class Statistics
    {
        public static double Median(IReadOnlyList<double> values)
        {
            var sorted = values.Order().ToArray();
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        }

        public static double Percentile(IReadOnlyList<double> values, double p)
        {
            var sorted = values.Order().ToArray();
            return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        }

        public static double Ms(Stopwatch watch) => watch.Elapsed.TotalMilliseconds;
    }
}
