using System.Runtime.InteropServices;

namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>
/// The system's time, with timestamps that keep counting while the machine is suspended. A lease is measured on them:
/// the monotonic clock behind <see cref="TimeProvider.System"/> (CLOCK_MONOTONIC on Linux) stops during a suspend, so
/// a node resumed after minutes would still believe a lease that the database has long handed to another node.
/// On Linux the timestamps are CLOCK_BOOTTIME's; elsewhere the system's own (Windows' performance counter already
/// counts sleep).
/// </summary>
public sealed partial class SuspendAwareTimeProvider : TimeProvider
{
    private const int ClockBootTime = 7;
    private const long NanosecondsPerSecond = 1_000_000_000;

    private SuspendAwareTimeProvider()
    {
    }

    public static SuspendAwareTimeProvider Instance { get; } = new();

    public override long TimestampFrequency => OperatingSystem.IsLinux() ? NanosecondsPerSecond : base.TimestampFrequency;

    public override long GetTimestamp()
    {
        if (!OperatingSystem.IsLinux())
        {
            return base.GetTimestamp();
        }

        if (ClockGetTime(ClockBootTime, out var now) != 0)
        {
            throw new InvalidOperationException($"clock_gettime(CLOCK_BOOTTIME) failed with error {Marshal.GetLastPInvokeError()}.");
        }

        return (now.Seconds * NanosecondsPerSecond) + now.Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime", SetLastError = true)]
    private static partial int ClockGetTime(int clockId, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
