using System.Net;
using System.Text.Json.Nodes;
using OrchestratorConsole.Api.Tests.Infrastructure;

namespace OrchestratorConsole.Api.Tests.Features.Metrics;

/// <summary><c>/metrics</c> switched on: the product's meter and the standard HTTP metrics, in Prometheus text, to a bearer token of any role.</summary>
[Collection(typeof(MetricsCollection))]
public sealed class MetricsEndpointTests(MetricsConsole console) : IClassFixture<MetricsConsole>
{
    [Fact]
    public async Task Without_a_token_metrics_answer_401_and_never_redirect_to_the_login_page()
    {
        using var anonymous = console.Anonymous();
        using var response = await anonymous.Get("/metrics");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task A_bad_token_gets_401()
    {
        using var client = console.WithToken("not-a-token");
        using var response = await client.Get("/metrics");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("Reviewer")]
    [InlineData("Support")]
    public async Task A_token_of_any_role_reads_the_metrics(string role)
    {
        var userName = await console.CreateAccountAsync(role);
        using var client = await console.ClientAsync(userName, ConsoleFactory.UserPassword);

        var metrics = await client.ScrapeAsync();

        Assert.Equal("gauge", metrics.Family("orchestrator_server_state").Type);
    }

    [Fact]
    public async Task A_failed_sign_in_and_a_save_are_counted_beside_the_HTTP_server_metrics()
    {
        using var admin = await console.AdminAsync();
        var before = await admin.ScrapeAsync();
        using var anonymous = console.Anonymous();
        using (var refused = await anonymous.Post("/api/auth/token", new { userName = ConsoleFactory.AdminName, password = "wrong-password" }))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        var general = await (await admin.Get("/api/configuration/general")).ShouldBeOkAsync();
        using (var saved = await admin.Put("/api/configuration/general", new { name = "metrics-node", version = (int)general["version"]! }))
        {
            await saved.ShouldBeOkAsync();
        }

        var after = await admin.ScrapeAsync();

        Assert.Equal("counter", after.Family("orchestrator_sign_ins_total").Type);
        Assert.Equal(1, after.Sum("orchestrator_sign_ins_total", ("outcome", "failure")) - before.Sum("orchestrator_sign_ins_total", ("outcome", "failure")));
        Assert.Equal("counter", after.Family("orchestrator_configuration_saves_total").Type);
        Assert.Equal(1, after.Sum("orchestrator_configuration_saves_total", ("outcome", "success")) - before.Sum("orchestrator_configuration_saves_total", ("outcome", "success")));
        var http = after.Family("http_server_request_duration_seconds");
        Assert.Equal("histogram", http.Type);
        Assert.Contains(http.Samples, s => s.Name == "http_server_request_duration_seconds_count" && s.Has(("http_route", "/api/configuration/{section}"), ("http_request_method", "PUT"), ("http_response_status_code", "200")));
    }

    [Fact]
    public async Task Wrong_passwords_up_to_the_lockout_count_as_failures_then_as_lockouts()
    {
        var userName = await console.CreateAccountAsync("Reviewer", "locked");
        using var admin = await console.AdminAsync();
        var before = await admin.ScrapeAsync();
        using var anonymous = console.Anonymous();
        var statuses = new List<int>();
        foreach (var password in new[] { "wrong-1", "wrong-2", "wrong-3", "wrong-4", "wrong-5", ConsoleFactory.UserPassword })
        {
            using var response = await anonymous.Post("/api/auth/token", new { userName, password });
            statuses.Add((int)response.StatusCode);
        }

        var after = await admin.ScrapeAsync();

        Assert.Equal([401, 401, 401, 401, 423, 423], statuses);
        Assert.Equal(4, after.Sum("orchestrator_sign_ins_total", ("outcome", "failure")) - before.Sum("orchestrator_sign_ins_total", ("outcome", "failure")));
        Assert.Equal(2, after.Sum("orchestrator_sign_ins_total", ("outcome", "locked_out")) - before.Sum("orchestrator_sign_ins_total", ("outcome", "locked_out")));
    }

    [Fact]
    public async Task A_stale_save_is_counted_as_a_conflict()
    {
        using var admin = await console.AdminAsync();
        var before = await admin.ScrapeAsync();
        var general = await (await admin.Get("/api/configuration/general")).ShouldBeOkAsync();
        var stale = (int)general["version"]! - 1;

        using (var refused = await admin.Put("/api/configuration/general", new JsonObject { ["description"] = "late", ["version"] = stale }))
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        }

        var after = await admin.ScrapeAsync();
        Assert.Equal(1, after.Sum("orchestrator_configuration_saves_total", ("outcome", "conflict")) - before.Sum("orchestrator_configuration_saves_total", ("outcome", "conflict")));
    }

    [Fact]
    public async Task The_server_state_gauge_lists_every_state_with_exactly_one_current()
    {
        using var admin = await console.AdminAsync();

        var metrics = await admin.ScrapeAsync();

        var states = metrics.Family("orchestrator_server_state").Samples;
        Assert.Equal(["Failed", "Running", "Starting", "Stopped", "Stopping"], states.Select(s => s.Labels["state"]).Order());
        Assert.Single(states, s => s.Value == 1);
        Assert.Equal("gauge", metrics.Family("orchestrator_server_role").Type);
    }
}
