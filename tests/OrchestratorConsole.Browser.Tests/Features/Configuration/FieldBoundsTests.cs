using Microsoft.Playwright;
using OrchestratorConsole.Browser.Tests.Infrastructure;
using OrchestratorConsole.Browser.Tests.Pages;
using OrchestratorConsole.Testing;
using static Microsoft.Playwright.Assertions;

namespace OrchestratorConsole.Browser.Tests.Features.Configuration;

/// <summary>The console refuses a number beyond its range, an empty number and an over-long text, naming the bound: it never clamps nor cuts, and saves nothing.</summary>
public sealed class FieldBoundsTests(ConsoleFixture fixture) : BrowserTest<ConsoleFixture>(fixture), IClassFixture<ConsoleFixture>
{
    public static TheoryData<string, string, string> Numbers => new()
    {
        { "Number of active nodes", "-5", "Number of active nodes must be between 1 and 32; -5 is not." },
        { "Heartbeat interval (ms)", "-1000", "Heartbeat interval (ms) must be between 500 and 60000; -1000 is not." },
        { "Number of failover heartbeats", "0", "Number of failover heartbeats must be between 2 and 100; 0 is not." },
        { "Number of failover heartbeats", "", "Number of failover heartbeats is required: a whole number between 2 and 100." },
    };

    [Theory]
    [MemberData(nameof(Numbers))]
    public async Task Server_availability_refuses_a_number_beyond_its_range_or_empty_and_saves_nothing(string label, string value, string message)
    {
        var ct = TestContext.Current.CancellationToken;
        using var api = await NodeApi.SignInAsync(Node, ct);
        var before = await api.GetJsonAsync("/api/configuration/cluster", ct);
        await LogInAsAdministratorAsync();
        var tab = await new ServerAvailabilityTab(Page).GotoAsync();
        await Expect(Page.GetByText("Between 1 and 32", new() { Exact = true })).ToBeVisibleAsync();

        var field = Page.GetByLabel(label, new() { Exact = true });
        await field.FillAsync(value);
        await field.PressAsync("Tab");
        await tab.SaveButton.ClickAsync();

        await Expect(Page.GetByText(message, new() { Exact = true })).ToBeVisibleAsync();
        await Expect(field).ToHaveValueAsync(value);
        await Expect(tab.Saved).ToHaveCountAsync(0);
        Assert.Equal(before.ToJsonString(), (await api.GetJsonAsync("/api/configuration/cluster", ct)).ToJsonString());
    }

    [Fact]
    public async Task A_node_name_beyond_its_length_is_kept_whole_shows_its_limit_and_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        using var api = await NodeApi.SignInAsync(Node, ct);
        var before = await api.GetJsonAsync("/api/configuration/general", ct);
        var overview = await LogInAsAdministratorAsync();
        await overview.OpenAsync("General");
        var name = Page.GetByLabel("Node name", new() { Exact = true });
        await Expect(Page.GetByText(new System.Text.RegularExpressions.Regex(@"^\d+ / 128$"))).ToBeVisibleAsync();

        var longName = new string('n', 5000);
        await name.FillAsync(longName);
        await name.PressAsync("Tab");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();

        await Expect(Page.GetByText("Node name is at most 128 characters; this one has 5000.", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(name).ToHaveValueAsync(longName);
        Assert.Equal(before.ToJsonString(), (await api.GetJsonAsync("/api/configuration/general", ct)).ToJsonString());
    }
}
