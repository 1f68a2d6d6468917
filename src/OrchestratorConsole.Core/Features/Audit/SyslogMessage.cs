using System.Globalization;
using System.Text;

namespace OrchestratorConsole.Core.Features.Audit;

/// <summary>An audit event as an RFC 5424 syslog message, framed by octet counting (RFC 6587 §3.4.1, RFC 5425).</summary>
public static class SyslogMessage
{
    public const string AppName = "orchestrator-console";

    /// <summary>Facility 13, "log audit".</summary>
    public const int Facility = 13;

    /// <summary>The structured data element; 32473 is the private enterprise number RFC 5612 sets aside for examples.</summary>
    public const string StructuredDataId = "audit@32473";

    private const int Notice = 5;
    private const int Warning = 4;

    /// <summary>The message, without framing.</summary>
    public static string Format(AuditEvent audit, string hostName, int processId)
    {
        var pri = (Facility * 8) + (audit.Succeeded ? Notice : Warning);
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"<{pri}>1 ")
            .Append(audit.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture)).Append(' ')
            .Append(HeaderField(hostName, 255)).Append(' ')
            .Append(AppName).Append(' ')
            .Append(processId.ToString(CultureInfo.InvariantCulture)).Append(' ')
            .Append(HeaderField(audit.Action, 32)).Append(' ')
            .Append('[').Append(StructuredDataId);
        Parameter(text, "id", audit.Id.ToString(CultureInfo.InvariantCulture));
        Parameter(text, "user", audit.User);
        Parameter(text, "section", audit.Section);
        Parameter(text, "succeeded", audit.Succeeded ? "true" : "false");
        Parameter(text, "remoteAddress", audit.RemoteAddress);
        text.Append(']');
        if (!string.IsNullOrEmpty(audit.Detail))
        {
            // MSG-UTF8: the byte order mark says the text is UTF-8.
            text.Append(" \uFEFF").Append(audit.Detail);
        }

        return text.ToString();
    }

    /// <summary>The message as sent over TCP: its length in octets, a space, the message.</summary>
    public static byte[] Frame(string message)
    {
        var body = Encoding.UTF8.GetBytes(message);
        var prefix = Encoding.ASCII.GetBytes(body.Length.ToString(CultureInfo.InvariantCulture) + " ");
        return [.. prefix, .. body];
    }

    /// <summary>A PARAM-VALUE with '"', '\' and ']' escaped (RFC 5424 §6.3.3).</summary>
    public static string EscapeValue(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("]", "\\]", StringComparison.Ordinal);

    private static void Parameter(StringBuilder text, string name, string? value)
    {
        if (value is not null)
        {
            text.Append(' ').Append(name).Append("=\"").Append(EscapeValue(value)).Append('"');
        }
    }

    /// <summary>A header field: printable US-ASCII without spaces, at most <paramref name="max"/> characters, "-" when empty.</summary>
    private static string HeaderField(string? value, int max)
    {
        var printable = new string([.. (value ?? string.Empty).Select(c => c is > ' ' and < (char)127 ? c : '-')]);
        return printable.Length == 0 ? "-" : printable[..Math.Min(max, printable.Length)];
    }
}
