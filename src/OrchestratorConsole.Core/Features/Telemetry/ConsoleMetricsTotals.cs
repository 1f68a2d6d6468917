namespace OrchestratorConsole.Core.Features.Telemetry;

/// <summary>What this node's process has counted since it started, for the Troubleshooting page.</summary>
public sealed record ConsoleMetricsTotals(
    long HeartbeatsSent,
    long HeartbeatsMissed,
    long Takeovers,
    long SignInFailures,
    long SignInLockouts,
    long Saves,
    long FailedSaves);
