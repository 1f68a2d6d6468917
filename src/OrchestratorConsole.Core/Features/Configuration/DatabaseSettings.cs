using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace OrchestratorConsole.Core.Features.Configuration;

/// <summary>Where the Orchestrator database is (the Database tab).</summary>
public sealed record DatabaseSettings : ISectionSettings
{
    public const int PostgreSqlDefaultPort = 5432;
    public const int SqlServerDefaultPort = 1433;

    // The type is a target too: it decides the default port and the protocol the password is sent with.
    [Display(Name = "Database type"), ConfigurationField(FieldFlags.Target)]
    public DatabaseType Type { get; init; } = DatabaseType.Embedded;

    [Display(Name = "Host"), StringLength(253), ConfigurationField(FieldFlags.Target)]
    public string? Host { get; init; }

    [Display(Name = "Port"), Range(1, 65535), ConfigurationField(FieldFlags.Target)]
    public int? Port { get; init; }

    [Display(Name = "Database name"), StringLength(63), ConfigurationField(FieldFlags.Target)]
    public string? DatabaseName { get; init; }

    [Display(Name = "User name"), StringLength(128), ConfigurationField(FieldFlags.Target)]
    public string? UserName { get; init; }

    [Display(Name = "Password"), StringLength(1024), ConfigurationField(FieldFlags.Secret)]
    public string? Password { get; init; }

    /// <summary>SQL Server's encryption. A target as well: turning SSL off would send the password in clear to whoever is on the path.</summary>
    [Display(Name = "Use SSL"), ConfigurationField(FieldFlags.Target)]
    public bool UseSsl { get; init; }

    /// <summary>PostgreSQL's TLS mode; a target for the same reason as <see cref="UseSsl"/>: a weaker mode lets the password go to whoever is on the path.</summary>
    [Display(Name = "TLS mode"), ConfigurationField(FieldFlags.Target)]
    public DatabaseSslMode SslMode { get; init; } = DatabaseSslMode.Prefer;

    /// <summary>SQL Server named instance.</summary>
    [Display(Name = "Instance"), StringLength(128), ConfigurationField(FieldFlags.Target)]
    public string? Instance { get; init; }

    /// <summary>SQL Server Windows domain; blank means SQL authentication.</summary>
    [Display(Name = "Domain"), StringLength(253), ConfigurationField(FieldFlags.Target)]
    public string? Domain { get; init; }

    [Display(Name = "Use NTLMv2")]
    public bool UseNtlmV2 { get; init; }

    /// <summary>
    /// Values written before the TLS mode existed (a stored revision, an older export, a script's PUT) carry
    /// <c>useSsl</c> alone: it meant <c>Require</c> when true and <c>Disable</c> when false, and keeps meaning that, so
    /// an upgrade neither weakens a connection nor changes what an old file imports.
    /// </summary>
    public static void UpgradeValues(JsonObject values)
    {
        static string? Key(JsonObject o, string name) => o.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));

        if (Key(values, "sslMode") is null && Key(values, "useSsl") is { } useSsl && values[useSsl] is JsonValue v && v.TryGetValue<bool>(out var on))
        {
            values["sslMode"] = (on ? DatabaseSslMode.Require : DatabaseSslMode.Disable).ToString();
        }
    }

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

        if (string.IsNullOrWhiteSpace(DatabaseName))
        {
            yield return new("databaseName", "The database name is required.");
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
