using System.Globalization;
using System.Text;

namespace OrchestratorConsole.Testing;

/// <summary>One RFC 5424 syslog message as a receiver reads it, parsed strictly: a message that breaks the grammar throws.</summary>
public sealed record SyslogFrame(
    int Priority,
    DateTimeOffset Timestamp,
    string HostName,
    string AppName,
    string ProcId,
    string MsgId,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> StructuredData,
    string? Message,
    string Raw)
{
    public int Facility => Priority / 8;

    public int Severity => Priority % 8;

    /// <summary>Parses the text of one frame (its octet count already taken off).</summary>
    public static SyslogFrame Parse(string raw)
    {
        var reader = new Reader(raw);
        reader.Expect('<');
        var priority = int.Parse(reader.Until('>', 3), CultureInfo.InvariantCulture);
        reader.Expect('>');
        Demand(priority is >= 0 and <= 191, $"PRI {priority} is out of range");
        reader.Expect('1');
        reader.Expect(' ');
        var timestamp = reader.HeaderField(64);
        var hostName = reader.HeaderField(255);
        var appName = reader.HeaderField(48);
        var procId = reader.HeaderField(128);
        var msgId = reader.HeaderField(32);
        Demand(timestamp.EndsWith('Z') || timestamp.Contains('+', StringComparison.Ordinal), $"TIMESTAMP '{timestamp}' has no time zone");
        var time = DateTimeOffset.Parse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        var data = reader.StructuredData();
        string? message = null;
        if (!reader.AtEnd)
        {
            reader.Expect(' ');
            message = reader.Rest();
            if (message.StartsWith('\uFEFF'))
            {
                message = message[1..];
            }
        }

        return new(priority, time, hostName, appName, procId, msgId, data, message, raw);
    }

    private static void Demand(bool condition, string problem)
    {
        if (!condition)
        {
            throw new FormatException(problem);
        }
    }

    private sealed class Reader(string text)
    {
        private int _at;

        public bool AtEnd => _at >= text.Length;

        public void Expect(char c)
        {
            Demand(!AtEnd && text[_at] == c, $"'{c}' expected at {_at} in: {text}");
            _at++;
        }

        public string Until(char end, int max)
        {
            var start = _at;
            while (!AtEnd && text[_at] != end)
            {
                _at++;
            }

            Demand(_at - start is > 0 and var n && n <= max, $"a field of 1 to {max} characters expected at {start} in: {text}");
            return text[start.._at];
        }

        public string HeaderField(int max)
        {
            var field = Until(' ', max);
            Demand(field.All(c => c is > ' ' and < (char)127), $"header field '{field}' is not printable US-ASCII");
            Expect(' ');
            return field;
        }

        public string Rest()
        {
            var rest = text[_at..];
            _at = text.Length;
            return rest;
        }

        public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> StructuredData()
        {
            var elements = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
            if (!AtEnd && text[_at] == '-')
            {
                _at++;
                return elements;
            }

            Demand(!AtEnd && text[_at] == '[', $"STRUCTURED-DATA expected at {_at} in: {text}");
            while (!AtEnd && text[_at] == '[')
            {
                _at++;
                var id = Name();
                var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
                while (text[_at] == ' ')
                {
                    _at++;
                    var name = Name();
                    Expect('=');
                    Expect('"');
                    parameters[name] = Value();
                }

                Expect(']');
                Demand(elements.TryAdd(id, parameters), $"SD-ID '{id}' appears twice");
            }

            return elements;
        }

        private string Name()
        {
            var start = _at;
            while (!AtEnd && text[_at] is > ' ' and < (char)127 and not '=' and not ']' and not '"' and not ' ')
            {
                _at++;
            }

            Demand(_at - start is > 0 and <= 32, $"an SD-NAME of 1 to 32 characters expected at {start} in: {text}");
            return text[start.._at];
        }

        /// <summary>A PARAM-VALUE up to its closing quote: '"', '\' and ']' must be escaped; a backslash before anything else is kept.</summary>
        private string Value()
        {
            var value = new StringBuilder();
            while (true)
            {
                Demand(!AtEnd, $"unterminated PARAM-VALUE in: {text}");
                var c = text[_at++];
                if (c == '"')
                {
                    return value.ToString();
                }

                Demand(c != ']', $"an unescaped ']' in a PARAM-VALUE at {_at - 1} in: {text}");
                if (c == '\\' && !AtEnd && text[_at] is '"' or '\\' or ']')
                {
                    c = text[_at++];
                }

                value.Append(c);
            }
        }
    }
}
