namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>
/// Whether this node may still act as Active, decided from its own monotonic clock: a renewal counts from the moment
/// before it was sent, minus a margin, so the node gives up its role before the database could hand the slot to
/// another node. The answer is computed at every read: a node that wakes from a long pause answers Standby until it
/// has renewed.
/// </summary>
public sealed class LeaseClock(TimeProvider time)
{
    private readonly object _gate = new();
    private LeaseGrant? _grant;
    private long _validUntil;

    /// <summary>The lease held, or null. Check <see cref="IsHeld"/> before acting on it.</summary>
    public LeaseGrant? Grant
    {
        get
        {
            lock (_gate)
            {
                return _grant;
            }
        }
    }

    /// <summary>True only while the last confirmed renewal still covers now.</summary>
    public bool IsHeld
    {
        get
        {
            lock (_gate)
            {
                return _grant is not null && time.GetTimestamp() < _validUntil;
            }
        }
    }

    /// <summary>Read the clock before sending a renewal or acquisition; pass the value to <see cref="Confirm"/>.</summary>
    public long BeforeSending() => time.GetTimestamp();

    /// <summary>The database confirmed <paramref name="grant"/> for <paramref name="timeToLive"/> from a moment after <paramref name="sentAt"/>.</summary>
    public void Confirm(LeaseGrant grant, long sentAt, TimeSpan timeToLive, TimeSpan margin)
    {
        var validFor = timeToLive - margin;
        lock (_gate)
        {
            _grant = grant;
            _validUntil = validFor <= TimeSpan.Zero ? sentAt : sentAt + (long)(validFor.TotalSeconds * time.TimestampFrequency);
        }
    }

    /// <summary>The lease is gone (renewal refused, database lost, server stopping).</summary>
    public void Lose()
    {
        lock (_gate)
        {
            _grant = null;
            _validUntil = 0;
        }
    }
}
