using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Api.Tests.Features.Audit;

/// <summary>Beyond the queue's bound, events are dropped and counted, and recording never waits.</summary>
public sealed class AuditQueueBoundTests(SmallQueueConsole console) : IClassFixture<SmallQueueConsole>
{
    [Fact]
    public async Task Beyond_the_queue_bound_the_newest_events_are_dropped_and_counted()
    {
        int port;
        await using (var gone = SyslogReceiver.Start())
        {
            port = gone.Port;
        }

        using var admin = await console.AdminAsync();
        await AuditApi.ForwardToAsync(admin, port);
        for (var i = 0; i < 20; i++)
        {
            await AuditApi.SaveDescriptionAsync(admin, $"bound {i}");
        }

        var status = await AuditApi.StatusAsync(admin);
        Assert.InRange(status.Queued, 1, SmallQueueConsole.QueueLimit + 1);
        // One event is being retried at the head; the queue holds the limit behind it; the rest are dropped.
        Assert.Equal(20 - SmallQueueConsole.QueueLimit - 1, status.Dropped);
        Assert.Equal(SmallQueueConsole.QueueLimit, status.QueueLimit);
        Assert.Equal(0, status.Sent);

        await using var receiver = SyslogReceiver.Start(port);
        var frames = await receiver.WaitForAsync(f => f.Count >= status.Queued, TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.DoesNotContain(frames, f => f.Message?.EndsWith("bound 19", StringComparison.Ordinal) == true);
    }
}
