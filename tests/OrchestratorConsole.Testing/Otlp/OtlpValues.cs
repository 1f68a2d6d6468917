using System.Globalization;
using Google.Protobuf.Collections;
using OrchestratorConsole.Testing.Otlp.Wire;

namespace OrchestratorConsole.Testing.Otlp;

/// <summary>OTLP attribute values as the text a test compares with.</summary>
internal static class OtlpValues
{
    public static IReadOnlyDictionary<string, string> Texts(RepeatedField<KeyValue> attributes) =>
        attributes.GroupBy(a => a.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => Text(g.Last().Value), StringComparer.Ordinal);

    public static string Text(RepeatedField<KeyValue> attributes, string key) =>
        attributes.LastOrDefault(a => a.Key == key) is { } found ? Text(found.Value) : string.Empty;

    private static string Text(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.BytesValue => Convert.ToHexStringLower(value.BytesValue.Span),
        _ => string.Empty,
    };
}
