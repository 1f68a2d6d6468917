using OrchestratorConsole.Testing.Otlp.Wire;

namespace OrchestratorConsole.Testing.Otlp;

/// <summary>
/// One data point of a metric as received: a sum's or gauge's value, or a histogram's count, with the point's
/// attributes as text. <see cref="Kind"/> is <c>sum</c>, <c>gauge</c> or <c>histogram</c>.
/// </summary>
public sealed record OtlpDataPoint(string ServiceName, string Scope, string Name, string Kind, double Value, IReadOnlyDictionary<string, string> Attributes)
{
    /// <summary>Whether the point carries every one of <paramref name="labels"/>.</summary>
    public bool Has(params (string Key, string Value)[] labels) => labels.All(l => Attributes.GetValueOrDefault(l.Key) == l.Value);

    internal static IEnumerable<OtlpDataPoint> From(ExportMetricsServiceRequest request) =>
        from resource in request.ResourceMetrics
        let service = OtlpValues.Text(resource.Resource?.Attributes ?? [], "service.name")
        from scope in resource.ScopeMetrics
        from metric in scope.Metrics
        from point in Points(metric)
        select new OtlpDataPoint(service, scope.Scope?.Name ?? string.Empty, metric.Name, point.Kind, point.Value, point.Attributes);

    private static IEnumerable<(string Kind, double Value, IReadOnlyDictionary<string, string> Attributes)> Points(Metric metric) => metric.DataCase switch
    {
        Metric.DataOneofCase.Sum => metric.Sum.DataPoints.Select(p => ("sum", Number(p), OtlpValues.Texts(p.Attributes))),
        Metric.DataOneofCase.Gauge => metric.Gauge.DataPoints.Select(p => ("gauge", Number(p), OtlpValues.Texts(p.Attributes))),
        Metric.DataOneofCase.Histogram => metric.Histogram.DataPoints.Select(p => ("histogram", (double)p.Count, OtlpValues.Texts(p.Attributes))),
        _ => [],
    };

    private static double Number(NumberDataPoint point) => point.ValueCase == NumberDataPoint.ValueOneofCase.AsInt ? point.AsInt : point.AsDouble;
}
