using System.Net;
using System.Net.WebSockets;
using OrchestratorConsole.Browser.Tests.Infrastructure;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Browser.Tests.Features.Accounts;

/// <summary>The Blazor hub answers only pages of its own origin (no cross-site WebSocket hijacking).</summary>
public sealed class CircuitOriginTests(ConsoleFixture fixture) : IClassFixture<ConsoleFixture>
{
    private const string ForeignOrigin = "http://evil.example";

    private ConsoleNode Node => fixture.Node;

    [Fact]
    public async Task The_Blazor_hub_refuses_to_negotiate_with_a_foreign_origin()
    {
        using var response = await NegotiateAsync(ForeignOrigin);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task The_Blazor_hub_negotiates_with_its_own_origin()
    {
        using var response = await NegotiateAsync(Node.BaseAddress.GetLeftPart(UriPartial.Authority));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("connectionToken", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_Blazor_hub_refuses_a_WebSocket_from_a_foreign_origin()
    {
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Origin", ForeignOrigin);
        socket.Options.CollectHttpResponseDetails = true;
        var address = new UriBuilder(Node.BaseAddress) { Scheme = "ws", Path = "/_blazor" }.Uri;

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(address, TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.Forbidden, socket.HttpStatusCode);
    }

    private async Task<HttpResponseMessage> NegotiateAsync(string origin)
    {
        using var client = Node.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1") { Content = new StringContent(string.Empty) };
        request.Headers.Add("Origin", origin);
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
