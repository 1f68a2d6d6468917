using System.Diagnostics;
using System.Net;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Benchmarks;

/// <summary>
/// Time from kill -9 of the Active node's process until a survivor answers 200 on <c>/health/active</c>, with real
/// node processes (heartbeat 500 ms, failed after 4 missed: a detection bound of 2 s). The killed node is started
/// again as a standby before the next kill.
/// </summary>
internal static class TakeoverBenchmark
{
    private const int HeartbeatIntervalMs = 500;
    private const int FailoverHeartbeats = 4;

    public static async Task RunAsync(int nodes = 3, int kills = 20)
    {
        var bound = TimeSpan.FromMilliseconds(HeartbeatIntervalMs * FailoverHeartbeats);
        await using var cluster = await TestCluster.StartAsync(
            nodes, TestPostgres.Admin, await TestPostgres.CreateDatabaseAsync("bench_takeover"), heartbeatIntervalMs: HeartbeatIntervalMs, failoverHeartbeats: FailoverHeartbeats);
        var times = new List<double>();
        for (var kill = 0; kill < kills; kill++)
        {
            var active = await SingleActiveAsync(cluster);
            var survivors = cluster.Nodes.Where(n => n != active).ToList();

            // Let the Active renew a few times, so each kill lands at a random point of its renewal cycle.
            await Task.Delay(Random.Shared.Next(1_000, 1_000 + HeartbeatIntervalMs));
            var watch = Stopwatch.StartNew();
            await active.Node.StopAsync();
            while (true)
            {
                if ((await cluster.ActiveNodesAsync(survivors)).Count > 0)
                {
                    break;
                }

                if (watch.Elapsed > TimeSpan.FromSeconds(30))
                {
                    throw new TimeoutException($"No survivor became Active within 30 s of kill {kill + 1}.\n{cluster.Outputs()}");
                }

                await Task.Delay(5);
            }

            times.Add(Statistics.Ms(watch));
            await active.Node.RestartAsync();
            await active.StartServerAsync();
            await active.WaitUntilRunningAsync(TestCluster.StartTimeout);
        }

        Console.WriteLine(
            $"takeover after kill -9 ({nodes} real nodes, heartbeat {HeartbeatIntervalMs} ms x {FailoverHeartbeats} = bound {bound.TotalMilliseconds:F0} ms): "
            + $"median {Statistics.Median(times):F0} ms, p95 {Statistics.Percentile(times, 0.95):F0} ms, max {times.Max():F0} ms over {times.Count} kills; "
            + $"{times.Count(t => t <= bound.TotalMilliseconds + HeartbeatIntervalMs)} of {times.Count} within bound + one interval");
    }

    private static async Task<NodeApi> SingleActiveAsync(TestCluster cluster)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var active = await cluster.ActiveNodesAsync();
            if (active.Count == 1)
            {
                return active[0];
            }

            if (watch.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new InvalidOperationException($"{active.Count} nodes answer Active.\n{cluster.Outputs()}");
            }

            await Task.Delay(50);
        }
    }
}
