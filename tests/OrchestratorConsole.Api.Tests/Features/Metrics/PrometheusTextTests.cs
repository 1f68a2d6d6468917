using OrchestratorConsole.Testing.Prometheus;

namespace OrchestratorConsole.Api.Tests.Features.Metrics;

/// <summary>The tests' reader of the exposition format accepts what Prometheus accepts and refuses the rest.</summary>
public sealed class PrometheusTextTests
{
    [Fact]
    public void A_histogram_and_a_counter_with_escaped_labels_are_read_into_their_families()
    {
        var text = PrometheusText.Parse("""
            # HELP orchestrator_sign_ins_total Sign-ins\nby outcome.
            # TYPE orchestrator_sign_ins_total counter
            orchestrator_sign_ins_total{outcome="failure",note="a \"quoted\" \\ value"} 3 1700000000000
            # TYPE http_server_request_duration_seconds histogram
            http_server_request_duration_seconds_bucket{le="0.5"} 2
            http_server_request_duration_seconds_bucket{le="+Inf"} 3
            http_server_request_duration_seconds_sum 1.25
            http_server_request_duration_seconds_count 3
            """.Replace("\r", string.Empty, StringComparison.Ordinal));

        var counter = text.Family("orchestrator_sign_ins_total");
        Assert.Equal(("counter", "Sign-ins\nby outcome."), (counter.Type, counter.Help));
        Assert.Equal("a \"quoted\" \\ value", Assert.Single(counter.Samples).Labels["note"]);
        Assert.Equal(3, text.Sum("orchestrator_sign_ins_total", ("outcome", "failure")));
        Assert.Equal(4, text.Family("http_server_request_duration_seconds").Samples.Count);
        Assert.Equal(3, text.Sum("http_server_request_duration_seconds_bucket", ("le", "+Inf")));
    }

    [Theory]
    [InlineData("metric{a=\"1\" 2")]
    [InlineData("metric{a=1} 2")]
    [InlineData("metric two")]
    [InlineData("2metric 1")]
    [InlineData("# TYPE metric colour\nmetric 1")]
    [InlineData("metric{a=\"1\",a=\"2\"} 1")]
    [InlineData("metric 1 12.5")]
    public void Malformed_lines_are_refused(string text)
    {
        Assert.Throws<FormatException>(() => PrometheusText.Parse(text));
    }
}
