using System.Net;
using System.Text.Json.Serialization;

namespace OrchestratorConsole.Core.Features.Configuration;

/// <summary>The node's identity: name and description.</summary>
public sealed record GeneralSettings : ISectionSettings
{
    public string Name { get; init; } = DefaultName();

    public string? Description { get; init; }

    public IEnumerable<FieldError> Validate()
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            yield return new("name", "The node name is required.");
        }
        else if (Name.Length > 128)
        {
            yield return new("name", "The node name is at most 128 characters.");
        }

        if (Description?.Length > 1024)
        {
            yield return new("description", "The description is at most 1024 characters.");
        }
    }

    private static string DefaultName()
    {
        try
        {
            return Dns.GetHostName();
        }
        catch (System.Net.Sockets.SocketException)
        {
            return Environment.MachineName;
        }
    }
}

/// <summary>Kinds of Orchestrator database.</summary>
public enum DatabaseType
{
    /// <summary>SQLite in the node's data folder: standalone only.</summary>
    Embedded,
    PostgreSQL,
    SqlServer,
}

/// <summary>Where the Orchestrator database is (the Database tab).</summary>
public sealed record DatabaseSettings : ISectionSettings
{
    public const int PostgreSqlDefaultPort = 5432;
    public const int SqlServerDefaultPort = 1433;

    public DatabaseType Type { get; init; } = DatabaseType.Embedded;

    public string? Host { get; init; }

    public int? Port { get; init; }

    public string? DatabaseName { get; init; }

    public string? UserName { get; init; }

    [ConfigurationField(FieldFlags.Secret)]
    public string? Password { get; init; }

    public bool UseSsl { get; init; }

    /// <summary>SQL Server named instance.</summary>
    public string? Instance { get; init; }

    /// <summary>SQL Server Windows domain; blank means SQL authentication.</summary>
    public string? Domain { get; init; }

    public bool UseNtlmV2 { get; init; }

    [JsonIgnore]
    public int EffectivePort => Port ?? (Type == DatabaseType.SqlServer ? SqlServerDefaultPort : PostgreSqlDefaultPort);

    public IEnumerable<FieldError> Validate()
    {
        if (Type == DatabaseType.Embedded)
        {
            yield break;
        }

        if (string.IsNullOrWhiteSpace(Host))
        {
            yield return new("host", "The database host is required.");
        }
        else if (Uri.CheckHostName(Host.Trim()) == UriHostNameType.Unknown)
        {
            yield return new("host", $"'{Host}' is not a valid host name or address.");
        }

        if (Port is < 1 or > 65535)
        {
            yield return new("port", "The port must be between 1 and 65535.");
        }

        if (string.IsNullOrWhiteSpace(DatabaseName))
        {
            yield return new("databaseName", "The database name is required.");
        }
        else if (DatabaseName.Length > 63)
        {
            yield return new("databaseName", "The database name is at most 63 characters.");
        }

        if (string.IsNullOrWhiteSpace(UserName))
        {
            yield return new("userName", "The user name is required.");
        }

        if (Type != DatabaseType.SqlServer)
        {
            if (!string.IsNullOrEmpty(Instance))
            {
                yield return new("instance", "An instance name applies to SQL Server only.");
            }

            if (!string.IsNullOrEmpty(Domain))
            {
                yield return new("domain", "A domain applies to SQL Server only.");
            }
        }
    }
}

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

/// <summary>The node's log level, applied live.</summary>
public sealed record LogSettings : ISectionSettings
{
    public static readonly IReadOnlyList<string> Levels = ["FATAL", "ERROR", "WARN", "INFO", "DEBUG", "ALL", "OFF"];

    public string Level { get; init; } = "INFO";

    public IEnumerable<FieldError> Validate()
    {
        if (!Levels.Contains(Level))
        {
            yield return new("level", $"The log level must be one of {string.Join(", ", Levels)}.");
        }
    }
}

/// <summary>Startup options.</summary>
public sealed record StartupSettings : ISectionSettings
{
    public bool StartServerOnLaunch { get; init; }

    public IEnumerable<FieldError> Validate() => [];
}
