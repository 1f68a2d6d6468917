using Microsoft.Extensions.Time.Testing;
using OrchestratorConsole.Core.Features.Cluster;

namespace OrchestratorConsole.Core.Tests.Features.Cluster;

public sealed class LeaseClockTests
{
    private static readonly TimeSpan TimeToLive = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(5);

    [Fact]
    public void A_confirmed_lease_is_held_until_its_time_to_live_minus_the_margin_counted_from_before_sending()
    {
        var time = new FakeTimeProvider();
        var clock = new LeaseClock(time);
        var sentAt = clock.BeforeSending();
        time.Advance(TimeSpan.FromSeconds(3)); // the database took 3 s to answer
        clock.Confirm(new LeaseGrant(0, 1), sentAt, TimeToLive, Margin);

        time.Advance(TimeSpan.FromSeconds(51));
        Assert.True(clock.IsHeld);
        time.Advance(TimeSpan.FromSeconds(1)); // 55 s after sending: 60 - 5
        Assert.False(clock.IsHeld);
    }

    [Fact]
    public void A_node_that_wakes_from_a_long_pause_is_not_active_until_it_renews()
    {
        var time = new FakeTimeProvider();
        var clock = new LeaseClock(time);
        clock.Confirm(new LeaseGrant(0, 7), clock.BeforeSending(), TimeToLive, Margin);
        Assert.True(clock.IsHeld);

        time.Advance(TimeSpan.FromMinutes(5)); // SIGSTOP, a long GC, a frozen VM

        Assert.False(clock.IsHeld);
        Assert.Equal(new LeaseGrant(0, 7), clock.Grant); // it still knows what to try to renew

        clock.Confirm(new LeaseGrant(0, 7), clock.BeforeSending(), TimeToLive, Margin);
        Assert.True(clock.IsHeld);
    }

    [Fact]
    public void A_lost_lease_is_not_held()
    {
        var time = new FakeTimeProvider();
        var clock = new LeaseClock(time);
        clock.Confirm(new LeaseGrant(1, 3), clock.BeforeSending(), TimeToLive, Margin);

        clock.Lose();

        Assert.False(clock.IsHeld);
        Assert.Null(clock.Grant);
    }

    [Fact]
    public void A_margin_as_long_as_the_lease_never_counts_as_held()
    {
        var time = new FakeTimeProvider();
        var clock = new LeaseClock(time);

        clock.Confirm(new LeaseGrant(0, 1), clock.BeforeSending(), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2));

        Assert.False(clock.IsHeld);
    }
}
