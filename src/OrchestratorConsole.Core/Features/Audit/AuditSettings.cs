using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using OrchestratorConsole.Core.Features.Configuration;

namespace OrchestratorConsole.Core.Features.Audit;

/// <summary>
/// How long this node keeps its audit rows, and the syslog receiver every audit event is forwarded to (RFC 5424 over
/// TCP, RFC 5425 with TLS). Cluster relevant and applied live: every node keeps and forwards alike.
/// </summary>
public sealed record AuditSettings : ISectionSettings
{
    public const int DefaultRetentionDays = 365;

    /// <summary>The usual port of syslog over TCP.</summary>
    public const int PlainPort = 514;

    /// <summary>The port RFC 5425 assigns to syslog over TLS.</summary>
    public const int TlsPort = 6514;

    [Display(Name = "Retention (days)"), Range(1, 3650)]
    public int RetentionDays { get; init; } = DefaultRetentionDays;

    /// <summary>Blank: no forwarding.</summary>
    [Display(Name = "Syslog host"), StringLength(253)]
    public string? SyslogHost { get; init; }

    /// <summary>Blank: 514, or 6514 with TLS.</summary>
    [Display(Name = "Syslog port"), Range(1, 65535)]
    public int? SyslogPort { get; init; }

    [Display(Name = "Syslog over TLS")]
    public bool SyslogTls { get; init; }

    [JsonIgnore]
    public bool Forwards => !string.IsNullOrWhiteSpace(SyslogHost);

    [JsonIgnore]
    public int Port => SyslogPort ?? (SyslogTls ? TlsPort : PlainPort);

    /// <summary>Where events go, as a person reads it; null without forwarding.</summary>
    [JsonIgnore]
    public string? Target => Forwards ? $"{(SyslogTls ? "tls" : "tcp")}://{SyslogHost!.Trim()}:{Port}" : null;

    public IEnumerable<FieldError> Validate()
    {
        if (Forwards && Uri.CheckHostName(SyslogHost!.Trim()) == UriHostNameType.Unknown)
        {
            yield return new("syslogHost", $"'{SyslogHost}' is not a host name or an IP address. Leave it blank to forward nothing.");
        }

        if (!Forwards && SyslogTls)
        {
            yield return new("syslogTls", "TLS needs a syslog host to connect to: give the host, or turn TLS off.");
        }
    }
}
