using System.Net;
using OrchestratorConsole.Api.Tests.Infrastructure;

namespace OrchestratorConsole.Api.Tests.Features.Metrics;

/// <summary>By default <c>/metrics</c> does not exist: 404 to everyone, a token or not.</summary>
[Collection(typeof(MetricsCollection))]
public sealed class MetricsOffTests(ConsoleFactory console) : IClassFixture<ConsoleFactory>
{
    [Fact]
    public async Task Metrics_are_off_by_default_and_answer_404_with_or_without_a_token()
    {
        using var anonymous = console.Anonymous();
        using var admin = await console.AdminAsync();

        using var withoutToken = await anonymous.Get("/metrics");
        using var withToken = await admin.Get("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, withoutToken.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, withToken.StatusCode);
    }
}
