using System.Globalization;
using System.Text;

namespace OrchestratorConsole.Testing.Prometheus;

/// <summary>
/// A strict reader of the Prometheus text exposition format (version 0.0.4): <c># HELP</c> and <c># TYPE</c> lines,
/// samples with labels and an optional timestamp. Anything else is a <see cref="FormatException"/> naming the line,
/// so a test fails on output a Prometheus server would refuse.
/// </summary>
public sealed class PrometheusText
{
    private static readonly HashSet<string> Types = ["counter", "gauge", "histogram", "summary", "untyped"];
    private static readonly string[] HistogramSuffixes = ["_bucket", "_sum", "_count", "_created"];

    private readonly Dictionary<string, PrometheusFamily> _families;

    private PrometheusText(Dictionary<string, PrometheusFamily> families) => _families = families;

    public IReadOnlyDictionary<string, PrometheusFamily> Families => _families;

    /// <summary>Every sample of every family.</summary>
    public IEnumerable<PrometheusSample> Samples => _families.Values.SelectMany(f => f.Samples);

    /// <summary>The family named <paramref name="name"/>; fails the test with the names there are when it is missing.</summary>
    public PrometheusFamily Family(string name) =>
        _families.TryGetValue(name, out var family)
            ? family
            : throw new KeyNotFoundException($"No metric family '{name}'; there are: {string.Join(", ", _families.Keys.Order())}");

    /// <summary>The sum of the values of the samples named <paramref name="sampleName"/> that carry <paramref name="labels"/>.</summary>
    public double Sum(string sampleName, params (string Name, string Value)[] labels) =>
        Samples.Where(s => s.Name == sampleName && s.Has(labels)).Sum(s => s.Value);

    public static PrometheusText Parse(string text)
    {
        var families = new Dictionary<string, (string? Type, string? Help, List<PrometheusSample> Samples)>();
        string? current = null;
        var lineNumber = 0;
        foreach (var line in text.Split('\n'))
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                if (line.StartsWith('#'))
                {
                    current = ReadComment(line, families) ?? current;
                }
                else
                {
                    var sample = ReadSample(line);
                    var family = current is not null && BelongsTo(sample.Name, current, families[current].Type) ? current : sample.Name;
                    if (!families.TryGetValue(family, out var entry))
                    {
                        entry = (null, null, []);
                        families[family] = entry;
                    }

                    entry.Samples.Add(sample);
                }
            }
            catch (FormatException ex)
            {
                throw new FormatException($"Line {lineNumber} is not Prometheus text ({ex.Message}): {line}", ex);
            }
        }

        return new PrometheusText(families.ToDictionary(f => f.Key, f => new PrometheusFamily(f.Key, f.Value.Type ?? "untyped", f.Value.Help, f.Value.Samples)));
    }

    /// <summary>Reads a <c># HELP</c> or <c># TYPE</c> line (other comments are allowed and ignored); returns the family it names.</summary>
    private static string? ReadComment(string line, Dictionary<string, (string? Type, string? Help, List<PrometheusSample> Samples)> families)
    {
        var parts = line.Split(' ', 4);
        if (parts.Length < 3 || parts[0] != "#" || parts[1] is not ("HELP" or "TYPE"))
        {
            return null;
        }

        var name = parts[2];
        RequireName(name);
        var entry = families.TryGetValue(name, out var existing) ? existing : (null, null, []);
        if (parts[1] == "TYPE")
        {
            var type = parts.Length == 4 ? parts[3] : throw new FormatException("a TYPE line without a type");
            if (!Types.Contains(type))
            {
                throw new FormatException($"unknown type '{type}'");
            }

            if (entry.Type is not null || entry.Samples.Count > 0)
            {
                throw new FormatException($"a second TYPE for '{name}', or a TYPE after its samples");
            }

            entry.Type = type;
        }
        else
        {
            entry.Help = parts.Length == 4 ? UnescapeHelp(parts[3]) : string.Empty;
        }

        families[name] = entry;
        return name;
    }

    private static bool BelongsTo(string sampleName, string family, string? type) =>
        sampleName == family
        || (type is "histogram" or "summary" && sampleName.StartsWith(family, StringComparison.Ordinal) && HistogramSuffixes.Contains(sampleName[family.Length..]));

    private static PrometheusSample ReadSample(string line)
    {
        var position = 0;
        while (position < line.Length && line[position] is not ('{' or ' '))
        {
            position++;
        }

        var name = line[..position];
        RequireName(name);
        var labels = new Dictionary<string, string>();
        if (position < line.Length && line[position] == '{')
        {
            position = ReadLabels(line, position + 1, labels);
        }

        var rest = line[position..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (rest.Length is < 1 or > 2)
        {
            throw new FormatException("a sample needs a value and at most a timestamp");
        }

        if (rest.Length == 2 && !long.TryParse(rest[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
        {
            throw new FormatException($"timestamp '{rest[1]}' is not whole milliseconds");
        }

        return new PrometheusSample(name, labels, ReadValue(rest[0]));
    }

    private static int ReadLabels(string line, int position, Dictionary<string, string> labels)
    {
        while (true)
        {
            if (position >= line.Length)
            {
                throw new FormatException("unclosed labels");
            }

            if (line[position] == '}')
            {
                return position + 1;
            }

            var equals = line.IndexOf('=', position);
            if (equals < 0 || equals + 1 >= line.Length || line[equals + 1] != '"')
            {
                throw new FormatException("a label needs name=\"value\"");
            }

            var labelName = line[position..equals];
            RequireName(labelName);
            var value = new StringBuilder();
            position = equals + 2;
            while (true)
            {
                if (position >= line.Length)
                {
                    throw new FormatException("unclosed label value");
                }

                var c = line[position++];
                if (c == '"')
                {
                    break;
                }

                if (c == '\\')
                {
                    if (position >= line.Length)
                    {
                        throw new FormatException("a backslash at the end of a label value");
                    }

                    value.Append(line[position++] switch
                    {
                        'n' => '\n',
                        '\\' => '\\',
                        '"' => '"',
                        var other => throw new FormatException($"unknown escape '\\{other}' in a label value"),
                    });
                }
                else
                {
                    value.Append(c);
                }
            }

            if (!labels.TryAdd(labelName, value.ToString()))
            {
                throw new FormatException($"label '{labelName}' twice");
            }

            if (position < line.Length && line[position] == ',')
            {
                position++;
            }
        }
    }

    private static double ReadValue(string text) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) => value,
        _ => throw new FormatException($"value '{text}' is not a number"),
    };

    private static void RequireName(string name)
    {
        if (name.Length == 0 || char.IsDigit(name[0]) || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or ':'))
        {
            throw new FormatException($"'{name}' is not a metric or label name");
        }
    }

    /// <summary>HELP text escapes only a backslash and a line feed.</summary>
    private static string UnescapeHelp(string text) =>
        text.Replace("\\n", "\n", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
}
