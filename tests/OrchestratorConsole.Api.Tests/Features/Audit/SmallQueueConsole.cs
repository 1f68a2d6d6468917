using OrchestratorConsole.Api.Tests.Infrastructure;

namespace OrchestratorConsole.Api.Tests.Features.Audit;

/// <summary>The console with a forwarding queue of only <see cref="QueueLimit"/> events.</summary>
public sealed class SmallQueueConsole() : ConsoleFactory(new Dictionary<string, string?>
{
    ["Audit:ForwardQueueLimit"] = "5",
    ["Audit:ForwardRetryDelay"] = "00:00:00.100",
    ["Audit:ForwardRetryMaxDelay"] = "00:00:00.500",
})
{
    public const int QueueLimit = 5;
}
