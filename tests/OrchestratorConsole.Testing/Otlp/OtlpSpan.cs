using OrchestratorConsole.Testing.Otlp.Wire;

namespace OrchestratorConsole.Testing.Otlp;

/// <summary>One span as received, with the ids in lower-case hex (empty <see cref="ParentSpanId"/> for a root) and its attributes as text.</summary>
public sealed record OtlpSpan(
    string ServiceName,
    string Scope,
    string Name,
    SpanKind Kind,
    string TraceId,
    string SpanId,
    string ParentSpanId,
    IReadOnlyDictionary<string, string> Attributes)
{
    /// <summary>An attribute's value, or null when the span has none of that name.</summary>
    public string? Attribute(string key) => Attributes.GetValueOrDefault(key);

    /// <summary>The chain of parents of this span among <paramref name="spans"/>, nearest first, as far as they were received.</summary>
    public IEnumerable<OtlpSpan> AncestorsIn(IReadOnlyList<OtlpSpan> spans)
    {
        var current = this;
        while (spans.FirstOrDefault(s => s.TraceId == current.TraceId && s.SpanId == current.ParentSpanId) is { } parent)
        {
            yield return parent;
            current = parent;
        }
    }

    public override string ToString() => $"{Kind} '{Name}' ({Scope}) trace {TraceId} span {SpanId} parent {(ParentSpanId.Length == 0 ? "-" : ParentSpanId)}";

    internal static IEnumerable<OtlpSpan> From(ExportTraceServiceRequest request) =>
        from resource in request.ResourceSpans
        let service = OtlpValues.Text(resource.Resource?.Attributes ?? [], "service.name")
        from scope in resource.ScopeSpans
        from span in scope.Spans
        select new OtlpSpan(
            service,
            scope.Scope?.Name ?? string.Empty,
            span.Name,
            span.Kind,
            Convert.ToHexStringLower(span.TraceId.Span),
            Convert.ToHexStringLower(span.SpanId.Span),
            Convert.ToHexStringLower(span.ParentSpanId.Span),
            OtlpValues.Texts(span.Attributes));
}
