using System.Globalization;
using OrchestratorConsole.Core.Features.Cluster;

namespace OrchestratorConsole.Core.Tests.Features.Cluster;

/// <summary>A lease is measured on a clock that counts the time the machine spends suspended (Linux' CLOCK_BOOTTIME).</summary>
public sealed class SuspendAwareTimeProviderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void On_Linux_its_timestamps_are_the_time_since_boot_including_suspensions_as_proc_uptime_counts_it()
    {
        Assert.True(OperatingSystem.IsLinux(), "the console's servers and tests run on Linux");
        var time = SuspendAwareTimeProvider.Instance;

        var before = Uptime();
        var seconds = time.GetTimestamp() / (double)time.TimestampFrequency;
        var after = Uptime();

        // /proc/uptime is CLOCK_BOOTTIME in hundredths of a second.
        Assert.InRange(seconds, before - 0.01, after + 0.01);
        Assert.Equal(1_000_000_000, time.TimestampFrequency);
    }

    [Fact]
    public async Task The_node_measures_its_lease_on_it()
    {
        await using var node = await NodeHost.StartAsync(cancellationToken: Ct);

        Assert.Same(SuspendAwareTimeProvider.Instance, node.Get<TimeProvider>());
    }

    private static double Uptime() =>
        double.Parse(File.ReadAllText("/proc/uptime").Split(' ')[0], CultureInfo.InvariantCulture);
}
