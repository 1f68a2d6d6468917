using OrchestratorConsole.Api.Tests.Infrastructure;

namespace OrchestratorConsole.Api.Tests.Features.Metrics;

/// <summary>A node that serves <c>/metrics</c>, to a bearer token only.</summary>
public sealed class MetricsConsole : ConsoleFactory
{
    public MetricsConsole()
        : base(Settings(null))
    {
    }

    private MetricsConsole(string allowAnonymousFrom)
        : base(Settings(allowAnonymousFrom))
    {
    }

    /// <summary>A node that also lets <paramref name="allowAnonymousFrom"/> scrape without a token.</summary>
    public static MetricsConsole AllowingAnonymousFrom(string allowAnonymousFrom) => new(allowAnonymousFrom);

    private static Dictionary<string, string?> Settings(string? allowAnonymousFrom) => new()
    {
        ["Telemetry:Metrics:Enabled"] = "true",
        ["Telemetry:Metrics:AllowAnonymousFrom"] = allowAnonymousFrom,
    };
}
