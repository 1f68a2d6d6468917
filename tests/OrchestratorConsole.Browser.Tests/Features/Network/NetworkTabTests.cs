using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using OrchestratorConsole.Browser.Tests.Infrastructure;
using OrchestratorConsole.Browser.Tests.Pages;
using OrchestratorConsole.Testing;
using static Microsoft.Playwright.Assertions;

namespace OrchestratorConsole.Browser.Tests.Features.Network;

/// <summary>A node started without --urls listens where its Network tab says; a change there waits for the next start.</summary>
public sealed class NetworkTabTests(NetworkTabTests.FromTabFixture fixture) : BrowserTest<NetworkTabTests.FromTabFixture>(fixture), IClassFixture<NetworkTabTests.FromTabFixture>
{
    [Fact]
    public async Task A_saved_port_reads_Pending_restart_and_a_port_another_program_holds_is_refused_naming_it()
    {
        await LogInAsAdministratorAsync();
        var tab = await new NetworkTab(Page).GotoAsync();
        await Expect(tab.Addresses).ToContainTextAsync(Node.BaseAddress.ToString().TrimEnd('/'));
        await Expect(tab.Overridden).ToHaveCountAsync(0);
        await Expect(tab.PendingRestart).ToHaveCountAsync(0);

        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var taken = ((IPEndPoint)holder.LocalEndpoint).Port;
        await tab.SetHttpPortAsync(taken);
        await tab.SaveButton.ClickAsync();
        await Expect(tab.Error).ToContainTextAsync($"Port {taken} on 127.0.0.1 is already in use by another program.");
        await Expect(tab.PendingRestart).ToHaveCountAsync(0);

        var next = ConsoleNode.FreePort();
        await tab.SetHttpPortAsync(next);
        await tab.SaveButton.ClickAsync();
        await Expect(tab.PendingRestart).ToContainTextAsync($"http://127.0.0.1:{next}");
        await Expect(tab.Error).ToHaveCountAsync(0);
        // Until the restart the console still listens where it started.
        await Expect(tab.Addresses).ToContainTextAsync(Node.BaseAddress.ToString().TrimEnd('/'));
    }

    /// <summary>A node whose first start saved its Network tab (HTTP on a free loopback port), started again without --urls.</summary>
    public sealed class FromTabFixture : ConsoleFixture
    {
        private readonly TempDirectory _data = new();

        protected override async Task<ConsoleNode> StartNodeAsync(CancellationToken cancellationToken)
        {
            var port = ConsoleNode.FreePort();
            await using (var first = await ConsoleNode.StartAsync(NodeSettings, _data.Path, cancellationToken))
            {
                using var api = await NodeApi.SignInAsync(first, cancellationToken);
                await api.SaveSectionAsync("network", new JsonObject { ["listenAddress"] = "127.0.0.1", ["httpPort"] = port, ["httpsPort"] = null }, cancellationToken);
            }

            return await ConsoleNode.StartFromNetworkTabAsync(_data.Path, port, NodeSettings, cancellationToken);
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            _data.Dispose();
        }
    }
}

/// <summary>A node started with --urls: the tab says those win.</summary>
public sealed class NetworkOverriddenTests(ConsoleFixture fixture) : BrowserTest<ConsoleFixture>(fixture), IClassFixture<ConsoleFixture>
{
    [Fact]
    public async Task The_tab_says_that_urls_win_over_its_settings()
    {
        await LogInAsAdministratorAsync();
        var tab = await new NetworkTab(Page).GotoAsync();

        await Expect(tab.Overridden).ToContainTextAsync($"--urls or ASPNETCORE_URLS ({Node.BaseAddress.ToString().TrimEnd('/')})");
        await Expect(Page.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "Network: valid" })).ToBeVisibleAsync();
    }
}
