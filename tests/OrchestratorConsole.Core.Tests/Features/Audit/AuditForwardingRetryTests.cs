using Microsoft.Extensions.Time.Testing;
using OrchestratorConsole.Core.Features.Audit;
using Polly;

namespace OrchestratorConsole.Core.Tests.Features.Audit;

/// <summary>The forwarder's retries at their defaults, on a fake clock: a ten-minute outage loses no event and ends within the bound.</summary>
public sealed class AuditForwardingRetryTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task At_the_defaults_a_ten_minute_outage_is_retried_throughout_and_the_event_goes_out_within_thirty_seconds_of_the_return()
    {
        var time = new FakeTimeProvider(Start);
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = time }.AddRetry(AuditForwarder.RetryOptions(new AuditOptions())).Build();
        var back = Start.AddMinutes(10);
        var attempts = new List<DateTimeOffset>();

        var sent = pipeline.ExecuteAsync(_ =>
        {
            attempts.Add(time.GetUtcNow());
            return time.GetUtcNow() < back ? throw new IOException("Connection refused") : ValueTask.CompletedTask;
        }, TestContext.Current.CancellationToken).AsTask();
        while (!sent.IsCompleted && time.GetUtcNow() < back.AddMinutes(2))
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(1, TestContext.Current.CancellationToken);
        }

        await sent;
        var gaps = attempts.Zip(attempts.Skip(1), (a, b) => b - a).ToList();
        Assert.InRange(attempts[^1], back, back.AddSeconds(31));
        Assert.All(gaps, gap => Assert.InRange(gap, TimeSpan.Zero, TimeSpan.FromSeconds(31)));
        Assert.True(attempts.Count >= 20, $"only {attempts.Count} attempts in ten minutes");
        Assert.InRange(AuditForwarder.RetryOptions(new AuditOptions()).MaxDelay!.Value, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void The_default_queue_holds_a_hundred_thousand_events()
    {
        Assert.Equal(100_000, new AuditOptions().ForwardQueueLimit);
    }
}
