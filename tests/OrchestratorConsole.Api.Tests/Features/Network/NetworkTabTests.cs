using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using OrchestratorConsole.Api.Tests.Infrastructure;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Api.Tests.Features.Network;

/// <summary>
/// The Network tab on real node processes: saved settings apply at the next start (and <c>--urls</c> wins over them),
/// what would stop that start is refused at save, and plain HTTP from the network is sent to HTTPS where both listen.
/// </summary>
public sealed class NetworkTabTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Saved_settings_wait_for_the_next_start_and_then_the_console_listens_where_they_say()
    {
        using var data = new TempDirectory();
        int httpPort = ConsoleNode.FreePort(), httpsPort = ConsoleNode.FreePort();
        await using (var first = await ConsoleNode.StartAsync(NodeApi.AdminSettings, data.Path, Ct))
        {
            using var api = await NodeApi.SignInAsync(first, Ct);
            await api.SaveSectionAsync("network", new JsonObject { ["listenAddress"] = "127.0.0.1", ["httpPort"] = httpPort, ["httpsPort"] = httpsPort, ["publicUrl"] = $"https://localhost:{httpsPort}" }, Ct);

            // --urls is in force until the next start: nothing listens on the saved ports yet.
            Assert.False(await AnswersAsync(new Uri($"http://127.0.0.1:{httpPort}/health/live")));
            Assert.Equal(first.BaseAddress.ToString().TrimEnd('/'), (string?)(await api.GetJsonAsync("/api/node", Ct))["publicUrl"]);
        }

        await using var second = await ConsoleNode.StartFromNetworkTabAsync(data.Path, httpPort, NodeApi.AdminSettings, Ct);
        using var again = await NodeApi.SignInAsync(second, Ct);
        Assert.Equal($"https://localhost:{httpsPort}", (string?)(await again.GetJsonAsync("/api/node", Ct))["publicUrl"]);
        X509Certificate2? served = null;
        using var https = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => (served = certificate is null ? null : new X509Certificate2(certificate)) is not null },
        });
        using var live = await https.GetAsync($"https://127.0.0.1:{httpsPort}/health/live", Ct);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal((string?)(await again.GetJsonAsync("/api/certificate", Ct))["sha256"], Convert.ToHexStringLower(served!.GetCertHash(System.Security.Cryptography.HashAlgorithmName.SHA256)));
        Assert.Contains("Listening on https://127.0.0.1:" + httpsPort, second.Output);
    }

    [Fact]
    public async Task A_port_another_program_holds_an_address_the_host_lacks_and_plain_HTTP_beyond_loopback_are_refused_at_save()
    {
        using var api = await NodeApi.StartNodeAsync(cancellationToken: Ct);
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var taken = ((IPEndPoint)holder.LocalEndpoint).Port;
        var before = await api.GetJsonAsync("/api/configuration/network", Ct);

        var inUse = await RefusedAsync(api, new JsonObject { ["httpPort"] = taken });
        Assert.Contains($"Port {taken} on 127.0.0.1 is already in use by another program", Assert.Single(inUse.ErrorsFor("httpPort")));

        var elsewhere = await RefusedAsync(api, new JsonObject { ["listenAddress"] = "203.0.113.77" });
        Assert.StartsWith("This host has no address 203.0.113.77.", Assert.Single(elsewhere.ErrorsFor("listenAddress")));

        var plain = await RefusedAsync(api, new JsonObject { ["listenAddress"] = "0.0.0.0", ["httpPort"] = ConsoleNode.FreePort(), ["httpsPort"] = ConsoleNode.FreePort() });
        Assert.Contains("Network:AllowPlainHttp=true", Assert.Single(plain.ErrorsFor("httpPort")));

        var notAnAddress = await RefusedAsync(api, new JsonObject { ["listenAddress"] = "console.example.com" });
        Assert.StartsWith("'console.example.com' is not an IP address.", Assert.Single(notAnAddress.ErrorsFor("listenAddress")));

        var neither = await RefusedAsync(api, new JsonObject { ["httpPort"] = null, ["httpsPort"] = null });
        Assert.Contains("with neither the console would not listen", Assert.Single(neither.ErrorsFor("httpsPort")));

        // Nothing was written; HTTPS on every address is fine (the node serves its certificate there).
        Assert.True(JsonNode.DeepEquals(before, await api.GetJsonAsync("/api/configuration/network", Ct)));
        await api.SaveSectionAsync("network", new JsonObject { ["listenAddress"] = "0.0.0.0", ["httpPort"] = null, ["httpsPort"] = ConsoleNode.FreePort() }, Ct);
    }

    [Fact]
    public async Task Plain_HTTP_beyond_loopback_saved_while_allowed_stops_a_start_that_no_longer_allows_it_naming_the_key()
    {
        using var data = new TempDirectory();
        var port = ConsoleNode.FreePort();
        await using (var allowed = await ConsoleNode.StartAsync(new Dictionary<string, string>(NodeApi.AdminSettings) { ["Network:AllowPlainHttp"] = "true" }, data.Path, Ct))
        {
            using var api = await NodeApi.SignInAsync(allowed, Ct);
            await api.SaveSectionAsync("network", new JsonObject { ["listenAddress"] = "0.0.0.0", ["httpPort"] = port, ["httpsPort"] = null }, Ct);
        }

        var line = await RefusedStart.RunAsync(data.Path, new Dictionary<string, string> { ["Node__DataDirectory"] = data.Path }, urls: null);

        Assert.StartsWith($"Orchestrator Console did not start: Network:AllowPlainHttp: http://0.0.0.0:{port} would serve plain HTTP beyond loopback", line);
        Assert.Contains("come from the Network tab", line);
    }

    [Fact]
    public async Task Plain_HTTP_from_the_network_is_sent_to_HTTPS_where_both_listen_and_loopback_is_not()
    {
        var address = HostAddress();
        int plainPort = ConsoleNode.FreePort(), httpsPort = ConsoleNode.FreePort();
        await using var node = await ConsoleNode.StartAlsoListeningOnAsync(
            $"http://0.0.0.0:{plainPort};https://0.0.0.0:{httpsPort}",
            new Dictionary<string, string>(NodeApi.AdminSettings) { ["Network:AllowPlainHttp"] = "true" },
            Ct);

        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        using var fromNetwork = await client.GetAsync($"http://{address}:{plainPort}/account/login", Ct);
        Assert.Equal(HttpStatusCode.TemporaryRedirect, fromNetwork.StatusCode);
        Assert.Equal($"https://{address}:{httpsPort}/account/login", fromNetwork.Headers.Location?.ToString());

        using var fromLoopback = await client.GetAsync($"http://127.0.0.1:{plainPort}/account/login", Ct);
        Assert.Equal(HttpStatusCode.OK, fromLoopback.StatusCode);
    }

    [Fact]
    public async Task The_certificate_the_node_makes_names_every_address_it_listens_on()
    {
        var address = HostAddress();
        await using var node = await ConsoleNode.StartAlsoListeningOnAsync($"https://0.0.0.0:{ConsoleNode.FreePort()}", NodeApi.AdminSettings, Ct);
        using var api = await NodeApi.SignInAsync(node, Ct);

        var names = (await api.GetJsonAsync("/api/certificate", Ct))["subjectAlternativeNames"]!.AsArray().Select(n => (string?)n).ToList();

        Assert.Contains(names, n => n is not null && n.Contains(address.ToString(), StringComparison.Ordinal));
        Assert.Contains(names, n => n is not null && n.Contains("127.0.0.1", StringComparison.Ordinal));
    }

    private static async Task<Problem> RefusedAsync(NodeApi api, JsonObject changes)
    {
        changes["version"] = (int)(await api.GetJsonAsync("/api/configuration/network", Ct))["version"]!;
        using var response = await api.SendAsync(HttpMethod.Put, "/api/configuration/network", changes, Ct);
        return await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    private static async Task<bool> AnswersAsync(Uri address)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await client.GetAsync(address, Ct);
            return true;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>An IPv4 address of this host beyond loopback; the test machine has one (its network interface).</summary>
    private static IPAddress HostAddress() =>
        NetworkInterface.GetAllNetworkInterfaces().SelectMany(i => i.GetIPProperties().UnicastAddresses).Select(u => u.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
        ?? throw new InvalidOperationException("This machine has no IPv4 address beyond loopback, which these tests need.");
}
