using System.Text.Json.Serialization;

namespace OrchestratorConsole.Core.Features.Configuration;

/// <summary>Server availability: cluster mode and failover timing.</summary>
public sealed record ClusterSettings : ISectionSettings
{
    public bool ClusterMode { get; init; }

    public int ActiveNodes { get; init; } = 1;

    public int HeartbeatIntervalMs { get; init; } = 5000;

    public int FailoverHeartbeats { get; init; } = 12;

    /// <summary>How long a node may stay silent before it is declared failed.</summary>
    [JsonIgnore]
    public TimeSpan FailoverTimeout => TimeSpan.FromMilliseconds((double)HeartbeatIntervalMs * FailoverHeartbeats);

    public IEnumerable<FieldError> Validate()
    {
        if (ActiveNodes is < 1 or > 32)
        {
            yield return new("activeNodes", "The number of active nodes must be between 1 and 32.");
        }

        if (HeartbeatIntervalMs is < 500 or > 60000)
        {
            yield return new("heartbeatIntervalMs", "The heartbeat interval must be between 500 and 60000 ms.");
        }

        if (FailoverHeartbeats is < 2 or > 100)
        {
            yield return new("failoverHeartbeats", "The number of failover heartbeats must be between 2 and 100.");
        }
    }
}
