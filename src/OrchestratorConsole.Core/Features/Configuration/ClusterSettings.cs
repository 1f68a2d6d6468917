using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace OrchestratorConsole.Core.Features.Configuration;

/// <summary>Server availability: cluster mode and failover timing.</summary>
public sealed record ClusterSettings : ISectionSettings
{
    [Display(Name = "Cluster mode")]
    public bool ClusterMode { get; init; }

    [Display(Name = "Number of active nodes"), Range(1, 32)]
    public int ActiveNodes { get; init; } = 1;

    [Display(Name = "Heartbeat interval (ms)"), Range(500, 60000)]
    public int HeartbeatIntervalMs { get; init; } = 5000;

    [Display(Name = "Number of failover heartbeats"), Range(2, 100)]
    public int FailoverHeartbeats { get; init; } = 12;

    /// <summary>How long a node may stay silent before it is declared failed.</summary>
    [JsonIgnore]
    public TimeSpan FailoverTimeout => TimeSpan.FromMilliseconds((double)HeartbeatIntervalMs * FailoverHeartbeats);

    /// <summary>Nothing beyond each field's range.</summary>
    public IEnumerable<FieldError> Validate() => [];
}
