using System.Globalization;
using System.Text;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Cluster.Tests;

/// <summary>
/// Three node processes, each behind a proxy to a PostgreSQL server of the test's own, through twenty faults drawn
/// at random (the seed is printed; set <c>ORCHESTRATOR_CHAOS_SEED</c> to replay a run): every sample of
/// <c>/health/active</c> on every node, every 20 ms, sees at most one Active, and after each fault ends exactly one
/// node answers 200 within the detection bound plus one interval.
/// </summary>
public sealed class ChaosTests : ClusterTest
{
    private const int Faults = 20;

    /// <summary>What the machine adds to the bound: a standby's round and a sample each take time on two busy cores.</summary>
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(1.5);

    private enum Fault
    {
        KillAndRestart,
        PauseAndResume,
        PartitionFromDatabase,
        DatabaseRestart,
        StopDuringOutage,
    }

    [Fact]
    public async Task Twenty_random_faults_never_make_two_Actives_and_each_ends_with_one_Active_within_the_detection_bound()
    {
        var seed = Environment.GetEnvironmentVariable("ORCHESTRATOR_CHAOS_SEED") is { Length: > 0 } fixedSeed
            ? int.Parse(fixedSeed, CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        var random = new Random(seed);
        using var postgres = await PrivatePostgres.CreateAsync(Ct);
        var cluster = Track(await TestCluster.StartAsync(3, postgres.Admin, await postgres.CreateDatabaseAsync("chaos", Ct), proxied: true, cancellationToken: Ct));
        var interval = TimeSpan.FromMilliseconds(cluster.HeartbeatIntervalMs);
        var detection = interval * cluster.FailoverHeartbeats;
        var bound = detection + interval + Slack;
        var results = new List<Outcome>();
        var report = new StringBuilder($"Chaos run, seed {seed}: 3 nodes, heartbeat {interval.TotalMilliseconds} ms × {cluster.FailoverHeartbeats} (detection {detection.TotalSeconds} s, bound {bound.TotalSeconds} s with {Slack.TotalSeconds} s for the machine)\n");

        var sampler = SamplerOf(cluster);
        for (var i = 0; i < Faults; i++)
        {
            var fault = i < 5 ? (Fault)i : (Fault)random.Next(5); // every kind at least once
            var active = (await cluster.ActiveNodesAsync(cancellationToken: Ct)).SingleOrDefault();
            var target = active is not null && random.NextDouble() < 0.7 ? active : cluster.Nodes[random.Next(cluster.Nodes.Count)];
            var role = target == active ? "Active" : "Standby";
            var start = sampler.Now;
            await InjectAsync(fault, target, cluster, postgres, detection + interval);
            var end = sampler.Now;

            await TestCluster.EventuallyAsync(() => Task.FromResult(sampler.FirstSingleActiveAfter(end) is not null), bound + Generous, cancellationToken: Ct);
            var recovered = sampler.FirstSingleActiveAfter(end);
            var outcome = new Outcome(i + 1, fault, role, end - start, recovered - end, sampler.LongestWithoutActive(start, recovered ?? sampler.Now));
            results.Add(outcome);
            report.AppendLine(outcome.ToString());
            Assert.True(sampler.DescribeDoubleActives() is null, $"seed {seed}, fault {i + 1} ({fault} of the {role}): {sampler.DescribeDoubleActives()}\n{report}");

            foreach (var node in cluster.Nodes)
            {
                await EnsureRunningAsync(node);
            }
        }

        report.AppendLine("| fault | count | without an Active, median | max | bound |").AppendLine("| --- | --- | --- | --- | --- |");
        foreach (var kind in results.GroupBy(r => r.Fault))
        {
            var gaps = kind.Select(r => r.WithoutActive.TotalSeconds).Order().ToList();
            report.AppendLine(CultureInfo.InvariantCulture, $"| {kind.Key} | {gaps.Count} | {gaps[gaps.Count / 2]:0.00} s | {gaps[^1]:0.00} s | {bound.TotalSeconds:0.0} s |");
        }

        Publish(report.ToString());
        Assert.Null(sampler.DescribeDoubleActives());
        Assert.All(results, r => Assert.True(r.Recovery is { } t && t <= bound, $"seed {seed}: {r} — not one Active within {bound.TotalSeconds} s of the fault's end\n{report}"));
    }

    private static async Task InjectAsync(Fault fault, NodeApi target, TestCluster cluster, PrivatePostgres postgres, TimeSpan pastTheLease)
    {
        switch (fault)
        {
            case Fault.KillAndRestart:
                await target.Node.StopAsync(); // kill -9
                await target.Node.RestartAsync(Ct);
                await target.StartServerAsync(Ct);
                break;
            case Fault.PauseAndResume:
                await target.Node.SignalAsync("STOP", Ct);
                try
                {
                    await Task.Delay(pastTheLease, Ct);
                }
                finally
                {
                    await target.Node.SignalAsync("CONT", CancellationToken.None);
                }

                break;
            case Fault.PartitionFromDatabase:
                cluster.ProxyOf(target).BlackHole();
                await Task.Delay(pastTheLease, Ct);
                cluster.ProxyOf(target).Pass();
                break;
            case Fault.DatabaseRestart:
                await postgres.StopAsync(Ct);
                await Task.Delay(TimeSpan.FromSeconds(1), Ct);
                await postgres.StartAsync(Ct);
                break;
            case Fault.StopDuringOutage:
                cluster.ProxyOf(target).BlackHole();
                await target.WaitForServerAsync(s => s.Reason is not null, Generous, "a round that failed", Ct);
                await target.StopServerAsync(Ct);
                await target.WaitForServerAsync(s => s.State is "Stopped", Generous, "Stopped during the outage", Ct);
                cluster.ProxyOf(target).Pass();
                await target.StartServerAsync(Ct);
                break;
        }
    }

    private static async Task EnsureRunningAsync(NodeApi node)
    {
        var status = await node.GetServerAsync(Ct);
        if (status.State is "Stopped" or "Failed")
        {
            await node.StartServerAsync(Ct);
        }

        await node.WaitForServerAsync(s => s is { IsRunning: true, Reason: null }, TestCluster.StartTimeout, "Running with its database reachable", Ct);
    }

    /// <summary>Prints the figures with the test command's output (and keeps them beside its results).</summary>
    private static void Publish(string report)
    {
        TestContext.Current.SendDiagnosticMessage(report);
        TestContext.Current.AddAttachment("chaos-report", report);
        if (Environment.GetEnvironmentVariable("ORCHESTRATOR_TEST_RESULTS") is { Length: > 0 } results)
        {
            File.WriteAllText(Path.Combine(results, "chaos-report.md"), report);
        }
    }

    private sealed record Outcome(int Number, Fault Fault, string Target, TimeSpan Lasted, TimeSpan? Recovery, TimeSpan WithoutActive)
    {
        public override string ToString() => string.Create(
            CultureInfo.InvariantCulture,
            $"fault {Number,2}: {Fault} of the {Target}, lasted {Lasted.TotalSeconds:0.00} s; one Active {(Recovery is { } r ? $"{r.TotalSeconds:0.00} s" : "never")} after it ended; longest without an Active {WithoutActive.TotalSeconds:0.00} s");
    }
}
