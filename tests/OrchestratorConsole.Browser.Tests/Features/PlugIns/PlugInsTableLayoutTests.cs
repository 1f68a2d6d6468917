using OrchestratorConsole.Browser.Tests.Infrastructure;
using OrchestratorConsole.Browser.Tests.Pages;
using OrchestratorConsole.Testing;
using static Microsoft.Playwright.Assertions;

namespace OrchestratorConsole.Browser.Tests.Features.PlugIns;

/// <summary>The plug-ins table stays readable on a 1280-pixel screen: descriptions wrap between words, never inside one.</summary>
public sealed class PlugInsTableLayoutTests(ConsoleFixture fixture) : BrowserTest<ConsoleFixture>(fixture), IClassFixture<ConsoleFixture>
{
    [Fact]
    public async Task At_1280_by_800_no_word_of_a_description_is_split_across_lines_and_every_column_is_in_view()
    {
        var ct = TestContext.Current.CancellationToken;
        using (var api = await NodeApi.SignInAsync(Node, ct))
        {
            foreach (var sample in new[] { "mail", "ssh", "vcenter" })
            {
                await api.InstallPluginAsync(PluginPackages.Sample(sample), ct);
            }
        }

        await Page.SetViewportSizeAsync(1280, 800);
        await LogInAsAdministratorAsync();
        var plugins = await new PlugInsTab(Page).GotoAsync();
        await Expect(plugins.Table.GetByTestId("plugin-description")).ToHaveCountAsync(3);

        Assert.Empty(await plugins.WordsSplitAcrossLinesAsync());
        var nameColumn = await plugins.Row("Mail").GetByTestId("plugin-name").BoundingBoxAsync();
        Assert.True(nameColumn is { Width: >= 200 }, $"The name column is {nameColumn?.Width} px wide at 1280 px.");
        Assert.True(await plugins.FitsWithoutScrollingAsync(), "The plug-ins table is wider than the page at 1280 px.");
    }
}
