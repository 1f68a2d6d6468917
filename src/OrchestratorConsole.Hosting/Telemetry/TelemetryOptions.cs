namespace OrchestratorConsole.Hosting.Telemetry;

/// <summary>The start-up keys under <c>Telemetry</c>: the Prometheus endpoint and the OTLP exporter, both off by default.</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    public MetricsOptions Metrics { get; set; } = new();

    public OtlpOptions Otlp { get; set; } = new();

    /// <summary><c>Telemetry:Metrics:*</c>.</summary>
    public sealed class MetricsOptions
    {
        /// <summary>Serve <c>/metrics</c> in the Prometheus text format.</summary>
        public bool Enabled { get; set; }

        /// <summary>Addresses or CIDR ranges that may scrape <c>/metrics</c> without a token; an entry may hold several, comma-separated.</summary>
        public string[] AllowAnonymousFrom { get; set; } = [];
    }

    /// <summary><c>Telemetry:Otlp:*</c>.</summary>
    public sealed class OtlpOptions
    {
        /// <summary>Where to send traces and metrics over OTLP; the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> works too.</summary>
        public string? Endpoint { get; set; }

        /// <summary><c>grpc</c> (the default; collectors listen on 4317) or <c>http/protobuf</c> (4318); the standard <c>OTEL_EXPORTER_OTLP_PROTOCOL</c> works too.</summary>
        public string? Protocol { get; set; }
    }
}
