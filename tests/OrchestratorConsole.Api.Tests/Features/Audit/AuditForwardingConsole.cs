using OrchestratorConsole.Api.Tests.Infrastructure;

namespace OrchestratorConsole.Api.Tests.Features.Audit;

/// <summary>The console with a short pause between attempts to reach the syslog receiver, so an outage in a test lasts seconds.</summary>
public sealed class AuditForwardingConsole() : ConsoleFactory(new Dictionary<string, string?>
{
    ["Audit:ForwardRetryDelay"] = "00:00:00.100",
    ["Audit:ForwardRetryMaxDelay"] = "00:00:00.500",
    ["Audit:ForwardTimeout"] = "00:00:05",
});
