using System.Diagnostics.Metrics;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Server;

namespace OrchestratorConsole.Core.Features.Telemetry;

/// <summary>
/// The product's meter: what the cluster, the configuration and sign-in do, as OpenTelemetry instruments (exported
/// at <c>/metrics</c> when enabled) and as running totals of this process (shown on the Troubleshooting page).
/// </summary>
public sealed class ConsoleMetrics
{
    public const string MeterName = "OrchestratorConsole";

    private static readonly ServerState[] States = Enum.GetValues<ServerState>();
    private static readonly ServerRole[] ServerRoles = Enum.GetValues<ServerRole>();

    private readonly Counter<long> _heartbeatsSent;
    private readonly Counter<long> _heartbeatsMissed;
    private readonly Histogram<double> _heartbeatDuration;
    private readonly Counter<long> _takeovers;
    private readonly Histogram<double> _noActive;
    private readonly Counter<long> _saves;
    private readonly Counter<long> _imports;
    private readonly Counter<long> _exports;
    private readonly Counter<long> _synchronizations;
    private readonly Counter<long> _signIns;
    private readonly Counter<long> _pluginInstalls;
    private Func<ServerStatus>? _server;
    private long _sent;
    private long _missed;
    private long _takeoverCount;
    private long _signInFailures;
    private long _lockouts;
    private long _saveCount;
    private long _failedSaves;

    public ConsoleMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _heartbeatsSent = meter.CreateCounter<long>("orchestrator.cluster.heartbeats.sent", "{heartbeat}", "Heartbeats this node wrote to the Orchestrator database.");
        _heartbeatsMissed = meter.CreateCounter<long>("orchestrator.cluster.heartbeats.missed", "{heartbeat}", "Heartbeat rounds of this node that failed or timed out.");
        _heartbeatDuration = meter.CreateHistogram("orchestrator.cluster.heartbeat.duration", "s", "How long one heartbeat round took (heartbeat, lease renewal, housekeeping).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        _takeovers = meter.CreateCounter<long>("orchestrator.cluster.takeovers", "{takeover}", "Active slots this node took over from another node.");
        _noActive = meter.CreateHistogram("orchestrator.cluster.takeover.no_active.duration", "s", "At a takeover: the time from the previous holder's last heartbeat to this node taking its slot.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 2.5, 5, 10, 20, 30, 60, 90, 120, 300, 600] });
        _saves = meter.CreateCounter<long>("orchestrator.configuration.saves", "{save}", "Configuration saves (a form, the API, a restore, an import, a push), by outcome.");
        _imports = meter.CreateCounter<long>("orchestrator.configuration.imports", "{import}", "Configuration imports applied, by outcome.");
        _exports = meter.CreateCounter<long>("orchestrator.configuration.exports", "{export}", "Configuration exports, by outcome.");
        _synchronizations = meter.CreateCounter<long>("orchestrator.cluster.synchronizations", "{node}", "Configuration pushes to other nodes, by outcome per node.");
        _signIns = meter.CreateCounter<long>("orchestrator.sign_ins", "{sign_in}", "Sign-ins with a user name and password, by outcome (success, failure, locked_out).");
        _pluginInstalls = meter.CreateCounter<long>("orchestrator.plugins.installs", "{install}", "Plug-in package installs and upgrades, by outcome.");
        // A counter appears in the export at its first measurement: these start at 0, so that an alert on their
        // increase fires at the first miss or takeover rather than at the second.
        _heartbeatsSent.Add(0);
        _heartbeatsMissed.Add(0);
        _takeovers.Add(0);
        meter.CreateObservableGauge("orchestrator.server.state", ObserveState, "{state}", "1 for the Orchestrator server's current state on this node, 0 for the others.");
        meter.CreateObservableGauge("orchestrator.server.role", ObserveRole, "{role}", "1 for this node's current role while its server runs (Active or Standby), 0 for the other.");
    }

    /// <summary>Where the state and role gauges read the server; set once by the server's lifetime.</summary>
    public void ObserveServer(Func<ServerStatus> status) => _server = status;

    public ConsoleMetricsTotals Totals => new(
        Interlocked.Read(ref _sent),
        Interlocked.Read(ref _missed),
        Interlocked.Read(ref _takeoverCount),
        Interlocked.Read(ref _signInFailures),
        Interlocked.Read(ref _lockouts),
        Interlocked.Read(ref _saveCount),
        Interlocked.Read(ref _failedSaves));

    public void HeartbeatSent()
    {
        Interlocked.Increment(ref _sent);
        _heartbeatsSent.Add(1);
    }

    public void HeartbeatMissed()
    {
        Interlocked.Increment(ref _missed);
        _heartbeatsMissed.Add(1);
    }

    public void HeartbeatRound(TimeSpan duration) => _heartbeatDuration.Record(duration.TotalSeconds);

    /// <summary>A takeover, and how long the cluster went without a live holder of that slot.</summary>
    public void TookOver(TimeSpan withoutActive)
    {
        Interlocked.Increment(ref _takeoverCount);
        _takeovers.Add(1);
        _noActive.Record(Math.Max(0, withoutActive.TotalSeconds));
    }

    public void SignIn(SignInOutcome outcome)
    {
        if (outcome == SignInOutcome.Failure)
        {
            Interlocked.Increment(ref _signInFailures);
        }
        else if (outcome == SignInOutcome.LockedOut)
        {
            Interlocked.Increment(ref _lockouts);
        }

        _signIns.Add(1, new KeyValuePair<string, object?>("outcome", outcome switch
        {
            SignInOutcome.Success => "success",
            SignInOutcome.LockedOut => "locked_out",
            _ => "failure",
        }));
    }

    /// <summary>Counts a configuration save by its outcome; <paramref name="error"/> is null for a save that landed.</summary>
    public void Saved(Exception? error)
    {
        Interlocked.Increment(ref _saveCount);
        if (error is not null)
        {
            Interlocked.Increment(ref _failedSaves);
        }

        _saves.Add(1, Outcome(error));
    }

    public void Imported(Exception? error) => _imports.Add(1, Outcome(error));

    public void Exported(Exception? error) => _exports.Add(1, Outcome(error));

    public void Synchronized(bool ok) => _synchronizations.Add(1, new KeyValuePair<string, object?>("outcome", ok ? "success" : "failure"));

    public void PluginInstalled(Exception? error) => _pluginInstalls.Add(1, Outcome(error));

    /// <summary>Runs an operation and counts it with <paramref name="count"/>, success or not; the exception still propagates.</summary>
    public static async Task<T> CountAsync<T>(Func<Task<T>> operation, Action<Exception?> count)
    {
        try
        {
            var result = await operation();
            count(null);
            return result;
        }
        catch (Exception ex)
        {
            count(ex);
            throw;
        }
    }

    /// <summary>A small, fixed set of outcomes, so the series stay few: what a caller of the API would read in the status code.</summary>
    private static KeyValuePair<string, object?> Outcome(Exception? error) => new("outcome", error switch
    {
        null => "success",
        // A package or file refused for what it holds or its size is the caller's to fix, as the 400 or 413 says.
        ValidationFailedException or PlugIns.PluginPackageException or PayloadTooLargeException => "invalid",
        ForbiddenException => "forbidden",
        ConflictException => "conflict",
        OperationCanceledException => "cancelled",
        _ => "error",
    });

    private IEnumerable<Measurement<int>> ObserveState()
    {
        if (_server?.Invoke() is not { } status)
        {
            yield break;
        }

        foreach (var state in States)
        {
            yield return new Measurement<int>(state == status.State ? 1 : 0, new KeyValuePair<string, object?>("state", state.ToString()));
        }
    }

    private IEnumerable<Measurement<int>> ObserveRole()
    {
        if (_server?.Invoke() is not { } status)
        {
            yield break;
        }

        foreach (var role in ServerRoles)
        {
            yield return new Measurement<int>(role == status.Role ? 1 : 0, new KeyValuePair<string, object?>("role", role.ToString()));
        }
    }
}
