using OrchestratorConsole.Api.Tests.Infrastructure;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Api.Tests.Features.Network;

/// <summary>Plain HTTP beyond loopback: refused at start, naming Network:AllowPlainHttp; when allowed, every page says so.</summary>
public sealed class PlainHttpTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("http://0.0.0.0:0")]
    [InlineData("http://127.0.0.1:0;http://[::]:0")]
    [InlineData("http://*:0")]
    public async Task A_start_on_plain_HTTP_beyond_loopback_is_refused_naming_the_key(string urls)
    {
        using var data = new TempDirectory();

        var line = await RefusedStart.RunAsync(data.Path, new Dictionary<string, string> { ["Node__DataDirectory"] = Path.Combine(data.Path, "node") }, urls);

        Assert.StartsWith("Orchestrator Console did not start: Network:AllowPlainHttp", line);
        Assert.Contains(urls.Split(';')[^1], line);
    }

    [Fact]
    public async Task Allowed_plain_HTTP_beyond_loopback_is_named_on_every_page_and_loopback_alone_never_is()
    {
        await using var plain = await ConsoleNode.StartOnAnyAddressAsync(new Dictionary<string, string>(NodeApi.AdminSettings) { ["Network:AllowPlainHttp"] = "true" }, Ct);
        await using var loopback = await ConsoleNode.StartAsync(NodeApi.AdminSettings, cancellationToken: Ct);

        using var client = plain.CreateClient();
        var login = await client.GetStringAsync("/account/login", Ct);
        Assert.Contains("data-testid=\"plain-http-warning\"", login);
        Assert.Contains("plain HTTP on http://0.0.0.0:", login);
        Assert.Contains("Network:AllowPlainHttp", login);

        using var loopbackClient = loopback.CreateClient();
        Assert.DoesNotContain("plain-http-warning", await loopbackClient.GetStringAsync("/account/login", Ct));
    }
}
