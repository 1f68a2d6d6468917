using OrchestratorConsole.Core.Features.Audit;

namespace OrchestratorConsole.UI.Features.Audit.Components;

/// <summary>The audit section's editable values.</summary>
public sealed class AuditForm
{
    public int RetentionDays { get; set; }

    public string? SyslogHost { get; set; }

    public int? SyslogPort { get; set; }

    public bool SyslogTls { get; set; }

    public static AuditForm From(AuditSettings settings) => new()
    {
        RetentionDays = settings.RetentionDays,
        SyslogHost = settings.SyslogHost,
        SyslogPort = settings.SyslogPort,
        SyslogTls = settings.SyslogTls,
    };

    public AuditSettings ToSettings() => new()
    {
        RetentionDays = RetentionDays,
        SyslogHost = string.IsNullOrWhiteSpace(SyslogHost) ? null : SyslogHost.Trim(),
        SyslogPort = SyslogPort,
        SyslogTls = SyslogTls,
    };
}
