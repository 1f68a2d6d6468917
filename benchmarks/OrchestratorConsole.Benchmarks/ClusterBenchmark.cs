using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Benchmarks;

/// <summary>
/// The cluster's figures: takeover time after kill -9, database cost per heartbeat, and the cluster page's render time
/// with 200 nodes; and the load figures (API requests per second, memory per Blazor circuit). They need PostgreSQL: run them under a server like the one test.sh starts, with its superuser
/// connection string in ORCHESTRATOR_TEST_POSTGRES.
/// </summary>
internal static class ClusterBenchmark
{
    public static bool Handles(string what) => what is "cluster" or "takeover" or "heartbeat" or "cluster-render" or "load";

    /// <summary>Runs the figures <paramref name="what"/> names; returns those compared with a baseline of the same run.</summary>
    public static async Task<IReadOnlyList<RatioRow>> RunAsync(string what)
    {
        _ = TestPostgres.AdminConnectionString; // fails at once, naming the variable, when it is not set
        if (what is "cluster" or "takeover")
        {
            await TakeoverBenchmark.RunAsync();
        }

        if (what is "cluster" or "heartbeat")
        {
            await HeartbeatCostBenchmark.RunAsync();
        }

        if (what is "cluster" or "cluster-render")
        {
            await ClusterPageRenderBenchmark.RunAsync();
        }

        // Not part of "cluster": it drives Chromium and saturates the machine for about three minutes.
        return what is "load" ? await LoadBenchmark.RunAsync() : [];
    }
}
