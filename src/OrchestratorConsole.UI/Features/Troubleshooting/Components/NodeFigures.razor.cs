using Microsoft.AspNetCore.Components;
using OrchestratorConsole.Core.Features.Telemetry;

namespace OrchestratorConsole.UI.Features.Troubleshooting.Components;

/// <summary>The main figures of this node — heartbeats, takeovers, sign-in failures, saves — read from its metrics' running totals.</summary>
public sealed partial class NodeFigures
{
    private ConsoleMetricsTotals _totals = null!;

    [Inject]
    public required ConsoleMetrics Metrics { get; init; }

    private IEnumerable<(string Label, long Value, string Id)> Rows =>
    [
        ("Heartbeats sent", _totals.HeartbeatsSent, "heartbeats-sent"),
        ("Heartbeats missed", _totals.HeartbeatsMissed, "heartbeats-missed"),
        ("Takeovers of an active slot", _totals.Takeovers, "takeovers"),
        ("Failed sign-ins", _totals.SignInFailures, "sign-in-failures"),
        ("Sign-ins refused by a lockout", _totals.SignInLockouts, "sign-in-lockouts"),
        ("Configuration saves", _totals.Saves, "saves"),
        ("Configuration saves refused or failed", _totals.FailedSaves, "failed-saves"),
    ];

    protected override void OnInitialized() => Refresh();

    private void Refresh() => _totals = Metrics.Totals;
}
