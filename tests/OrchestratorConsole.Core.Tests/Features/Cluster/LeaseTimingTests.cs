using OrchestratorConsole.Core.Features.Cluster;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Server;

namespace OrchestratorConsole.Core.Tests.Features.Cluster;

/// <summary>
/// The lease arithmetic followed on a simulated clock at the product's defaults (5000 ms × 12 heartbeats) and at the
/// bounds an administrator may set (500 ms × 2, 60000 ms × 100): at every look, never two Actives, and no time
/// without one beyond what each fault must cost.
/// </summary>
public sealed class LeaseTimingTests
{
    public static TheoryData<int, int> Timings => new() { { 5000, 12 }, { 500, 2 }, { 60000, 100 } };

    [Theory]
    [MemberData(nameof(Timings))]
    public void A_healthy_Active_answers_Active_at_every_look_even_with_slow_rounds(int intervalMs, int heartbeats)
    {
        var cluster = New(intervalMs);
        cluster.Store.Latency = TimeSpan.FromMilliseconds(intervalMs / 10.0); // each of a round's statements takes a tenth of an interval
        var a = cluster.Start("a", Settings(intervalMs, heartbeats));
        cluster.Start("b", Settings(intervalMs, heartbeats));

        cluster.Run(Ttl(a) * 3);

        Assert.Empty(cluster.DoubleActives);
        Assert.True(cluster.Gaps.Count == 0, $"the Active read Standby {cluster.Gaps.Count} times (longest {cluster.LongestGap.TotalMilliseconds} ms) in {cluster.Looks} looks");
        Assert.Equal(ServerRole.Active, a.Role);
    }

    [Theory]
    [MemberData(nameof(Timings))]
    public void One_failed_round_on_the_Active_keeps_its_grant_and_costs_at_most_one_interval_without_an_Active(int intervalMs, int heartbeats)
    {
        var cluster = New(intervalMs);
        var a = cluster.Start("a", Settings(intervalMs, heartbeats));
        var b = cluster.Start("b", Settings(intervalMs, heartbeats));
        cluster.Run(a.Interval * 3);
        var grant = a.Lease.Grant;

        cluster.Store.FailNextCall(IdOf(a));
        cluster.Run(a.Interval);
        Assert.NotNull(a.Listener.Problem); // the failed round said why
        cluster.Run(Ttl(a) * 2);

        Assert.Empty(cluster.DoubleActives);
        Assert.True(cluster.LongestGap <= a.Interval, $"{cluster.LongestGap.TotalMilliseconds} ms without an Active after one failed round (interval {intervalMs} ms)");
        Assert.Equal(ServerRole.Active, a.Role);
        Assert.Equal(grant, a.Lease.Grant); // renewed, not re-taken: no failover for one failed round
        Assert.Equal(ServerRole.Standby, b.Role);
        Assert.Null(a.Listener.Problem);
    }

    [Theory]
    [MemberData(nameof(Timings))]
    public void A_killed_Active_is_replaced_within_the_failover_timeout_plus_one_interval(int intervalMs, int heartbeats)
    {
        var cluster = New(intervalMs);
        var a = cluster.Start("a", Settings(intervalMs, heartbeats));
        var b = cluster.Start("b", Settings(intervalMs, heartbeats));
        cluster.Run(a.Interval * 3.5);

        a.Killed = true;
        var takeover = cluster.RunUntil(() => b.Role == ServerRole.Active, Ttl(a) * 2);

        Assert.Equal(ServerRole.Active, b.Role);
        Assert.Empty(cluster.DoubleActives);
        var bound = Ttl(a) + a.Interval + (cluster.Store.Latency * 4);
        Assert.True(takeover <= bound, $"takeover {takeover.TotalSeconds} s after the kill; bound {bound.TotalSeconds} s");
        TestContext.Current.TestOutputHelper?.WriteLine($"kill -9 at {intervalMs} ms × {heartbeats}: takeover after {takeover.TotalSeconds:0.###} s (failover timeout {Ttl(a).TotalSeconds:0.###} s)");
    }

    [Theory]
    [MemberData(nameof(Timings))]
    public void A_suspended_Active_answers_Standby_the_moment_it_resumes_after_its_lease_moved(int intervalMs, int heartbeats)
    {
        var cluster = New(intervalMs);
        var a = cluster.Start("a", Settings(intervalMs, heartbeats));
        var b = cluster.Start("b", Settings(intervalMs, heartbeats));
        cluster.Run(a.Interval * 2);
        Assert.Equal(ServerRole.Active, a.Role);

        a.Suspended = true;
        cluster.Run(Ttl(a) * 2);
        Assert.Equal(ServerRole.Active, b.Role);
        a.Suspended = false;

        Assert.Equal(ServerRole.Standby, a.Role); // before any round of its own: the clock counted the suspension
        cluster.Run(a.Interval * 3);
        Assert.Empty(cluster.DoubleActives);
        Assert.Equal(ServerRole.Standby, a.Role);
        Assert.Null(a.Lease.Grant); // its renewal was refused: the slot has a newer epoch
        Assert.Equal(ServerRole.Active, b.Role);
    }

    [Theory]
    [MemberData(nameof(Timings))]
    public void A_node_with_cluster_mode_off_beside_a_cluster_is_never_a_second_Active(int intervalMs, int heartbeats)
    {
        var cluster = New(intervalMs);
        var a = cluster.Start("a", Settings(intervalMs, heartbeats));
        cluster.Run(a.Interval * 2);

        var standalone = cluster.Start("standalone", Settings(intervalMs, heartbeats) with { ClusterMode = false });
        cluster.Run(Ttl(a) * 2);

        Assert.Empty(cluster.DoubleActives);
        Assert.Equal(ServerRole.Standby, standalone.Role);
        Assert.Equal(ServerRole.Active, a.Role);
    }

    private static SimulatedCluster New(int intervalMs)
    {
        var cluster = new SimulatedCluster();
        cluster.Store.Step = TimeSpan.FromMilliseconds(intervalMs / 100.0);
        return cluster;
    }

    private static ClusterSettings Settings(int intervalMs, int heartbeats) =>
        new() { ClusterMode = true, ActiveNodes = 1, HeartbeatIntervalMs = intervalMs, FailoverHeartbeats = heartbeats };

    private static TimeSpan Ttl(SimulatedCluster.Member member) => member.Settings.FailoverTimeout;

    private static Guid IdOf(SimulatedCluster.Member member) => member.NodeId;
}
