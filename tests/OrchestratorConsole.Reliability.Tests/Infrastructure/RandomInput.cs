using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace OrchestratorConsole.Reliability.Tests.Infrastructure;

/// <summary>Hostile input, reproducible from a seed: wrong types, huge strings, nulls, unicode, deep nesting, random bytes.</summary>
public sealed class RandomInput(int seed)
{
    private static readonly string[] Nasty =
    [
        string.Empty, " ", "null", "true", "0", "-1", "1e309", "NaN", "9223372036854775808", "-9223372036854775809",
        "' OR 1=1 --", "\"; DROP TABLE configuration_revisions; --", "../../../../etc/passwd", "..\\..\\windows\\win.ini",
        "<script>alert(1)</script>", "{0}{1}%s%n%x", "${jndi:ldap://x/a}", "\u0000", "a\u0000b", "\r\n\r\nX-Injected: 1",
        "\u202Egnp.exe", "\uFEFF", "\u200B\u200C\u200D", "Ω≈ç√∫˜µ≤≥÷", "田中さんにあげて下さい", "👩‍👩‍👧‍👦🏳️‍🌈", "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇",
        "\uD800", "\uDFFF", "general", "database", "cluster", "log", "startup", "PostgreSQL", "SqlServer", "Embedded", "INFO",
        "Administrator", "Reviewer", "Support", "2026-13-45T99:99:99Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
        "http://", "http://[::1", "file:///etc/passwd", "%00", "%ZZ", "AAAA" + new string('A', 5000),
    ];

    private readonly Random _random = new(seed);

    public int Next(int max) => _random.Next(max);

    public int Next(int min, int max) => _random.Next(min, max);

    public bool Chance(double p) => _random.NextDouble() < p;

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    public string String()
    {
        return _random.Next(10) switch
        {
            0 => new string('x', _random.Next(1_000, 200_000)),
            1 => Unicode(_random.Next(1, 64)),
            2 => Ascii(_random.Next(1, 300)),
            3 => ((long)(_random.NextDouble() * long.MaxValue) * (_random.Next(2) == 0 ? -1 : 1)).ToString(CultureInfo.InvariantCulture),
            _ => Pick(Nasty),
        };
    }

    public string Ascii(int length)
    {
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            text.Append((char)_random.Next(32, 127));
        }

        return text.ToString();
    }

    public string Unicode(int length)
    {
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            text.Append((char)_random.Next(0, 0xFFFF));
        }

        return text.ToString();
    }

    /// <summary>A JSON value of any kind; objects use <paramref name="names"/> as keys most of the time.</summary>
    public JsonNode? Json(IReadOnlyList<string> names, int depth = 0)
    {
        var kind = depth > 3 ? _random.Next(6) : _random.Next(9);
        return kind switch
        {
            0 => null,
            1 => JsonValue.Create(_random.Next(2) == 0),
            2 => JsonValue.Create(Pick(new long[] { 0, -1, 1, int.MaxValue, int.MinValue, long.MaxValue, long.MinValue, 65536, 32 })),
            3 => JsonValue.Create(Pick(new[] { 0.5, -0.0, 1e300, -1e300, double.Epsilon, 3.14159 })),
            4 or 5 => JsonValue.Create(String()),
            6 => new JsonArray([.. Enumerable.Range(0, _random.Next(0, 6)).Select(_ => Json(names, depth + 1))]),
            _ => Object(names, depth + 1),
        };
    }

    public JsonObject Object(IReadOnlyList<string> names, int depth = 0)
    {
        var json = new JsonObject();
        for (var i = _random.Next(0, Math.Max(2, names.Count + 2)); i > 0; i--)
        {
            var name = names.Count > 0 && _random.Next(4) != 0 ? Pick(names) : String();
            json[name] = Json(names, depth + 1);
        }

        return json;
    }

    /// <summary>JSON nested <paramref name="depth"/> levels deep.</summary>
    public static string Deep(int depth, bool objects) =>
        objects
            ? string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth)
            : new string('[', depth) + new string(']', depth);

    public byte[] Bytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>A path segment: a plausible value, or garbage (escaped, so it reaches the route).</summary>
    public string Segment(IReadOnlyList<string> plausible)
    {
        return _random.Next(6) switch
        {
            0 or 1 when plausible.Count > 0 => Pick(plausible),
            2 => Pick(new[] { "-1", "0", "99999999999999999999", "1.5", "%00", "%ZZ", "..%2F..", "%2e%2e", "a%2Fb", "%C0%AF", "%FF%FE" }),
            _ => Escape(Truncated(String(), 3_000)),
        };
    }

    /// <summary>Percent-encoded UTF-8 of <paramref name="value"/>; a lone surrogate becomes U+FFFD first.</summary>
    public static string Escape(string value) =>
        Uri.EscapeDataString(Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(value)));

    public static string Truncated(string value, int max) => value.Length <= max ? value : value[..max];
}
