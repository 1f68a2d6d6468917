using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using OrchestratorConsole.Api.Tests.Infrastructure;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Api.Tests.Features.Metrics;

/// <summary>
/// <c>Telemetry:Metrics:AllowAnonymousFrom</c> against a real socket (the in-memory server has no client address):
/// the loopback client scrapes without a token when its address is listed, and gets 401 when only another range is.
/// </summary>
[Collection(typeof(MetricsCollection))]
public sealed class MetricsAddressTests
{
    [Theory]
    [InlineData("127.0.0.1", HttpStatusCode.OK)]
    [InlineData("10.20.0.0/16, 127.0.0.0/8", HttpStatusCode.OK)]
    [InlineData("10.20.0.0/16", HttpStatusCode.Unauthorized)]
    public async Task A_client_without_a_token_is_let_in_only_from_an_allowed_address(string allowed, HttpStatusCode expected)
    {
        await using var console = MetricsConsole.AllowingAnonymousFrom(allowed);
        console.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        console.StartServer();
        var address = console.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        using var anonymous = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(address) };
        Assert.Equal(IPAddress.Loopback.ToString(), anonymous.BaseAddress.Host);

        using var response = await anonymous.Get("/metrics");

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task An_entry_that_is_not_an_address_stops_the_start_naming_the_key()
    {
        using var folder = new TempDirectory();

        var error = await RefusedStart.RunAsync(folder.Path, new Dictionary<string, string>
        {
            ["Node__DataDirectory"] = folder.Path,
            ["Telemetry__Metrics__Enabled"] = "true",
            ["Telemetry__Metrics__AllowAnonymousFrom__0"] = "10.0.0.0/33",
        });

        Assert.Contains("Telemetry:Metrics:AllowAnonymousFrom", error);
        Assert.Contains("10.0.0.0/33", error);
    }
}
