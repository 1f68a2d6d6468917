using Microsoft.Extensions.Options;

namespace OrchestratorConsole.Hosting.Telemetry;

/// <summary>Refuses a start whose telemetry keys cannot be used, naming the key.</summary>
public sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        var failures = new List<string>();
        MetricsAccess.Parse(options.Metrics.AllowAnonymousFrom, out var invalid);
        foreach (var entry in invalid)
        {
            failures.Add($"Telemetry:Metrics:AllowAnonymousFrom: '{entry}' is neither an IP address nor a CIDR range such as 10.0.0.0/24.");
        }

        if (!string.IsNullOrWhiteSpace(options.Otlp.Endpoint)
            && (!Uri.TryCreate(options.Otlp.Endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            failures.Add($"{OtlpExport.EndpointKey} (or {OtlpExport.EndpointVariable}) '{options.Otlp.Endpoint}' is not an absolute http or https address.");
        }

        if (!string.IsNullOrEmpty(options.Otlp.Protocol) && options.Otlp.Protocol is not (OtlpExport.Grpc or OtlpExport.HttpProtobuf))
        {
            failures.Add($"{OtlpExport.ProtocolKey} (or {OtlpExport.ProtocolVariable}) '{options.Otlp.Protocol}' is neither {OtlpExport.Grpc} nor {OtlpExport.HttpProtobuf}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
