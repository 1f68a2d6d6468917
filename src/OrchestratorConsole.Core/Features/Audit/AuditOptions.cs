using System.ComponentModel.DataAnnotations;

namespace OrchestratorConsole.Core.Features.Audit;

/// <summary>Start-up settings of audit forwarding (the <c>Audit</c> configuration section).</summary>
public sealed class AuditOptions
{
    public const string SectionName = "Audit";

    /// <summary>Events held while the syslog receiver cannot be reached; beyond it the newest are dropped and counted.</summary>
    [Range(1, 10_000_000)]
    public int ForwardQueueLimit { get; set; } = 100_000;

    /// <summary>The first wait before connecting again; each further failure doubles it, up to <see cref="ForwardRetryMaxDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan ForwardRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two attempts: after an outage, events flow again at most this long after the receiver is back.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan ForwardRetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one connect and send may take before it counts as a failure.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ForwardTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
