using OrchestratorConsole.Browser.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace OrchestratorConsole.Browser.Tests.Features.Layout;

/// <summary>The console's own icon, and a page title that takes the focus after a load without a focus box around it.</summary>
public sealed class LookTests(ConsoleFixture fixture) : BrowserTest<ConsoleFixture>(fixture), IClassFixture<ConsoleFixture>
{
    [Fact]
    public async Task Every_page_has_the_console_s_icon_and_its_focused_title_shows_no_outline()
    {
        var overview = await LogInAsAdministratorAsync();
        await overview.OpenAsync("General");

        var icon = Page.Locator("link[rel=icon]");
        await Expect(icon).ToHaveAttributeAsync("href", "favicon.svg");
        using (var client = Node.CreateClient())
        {
            using var response = await client.GetAsync("/favicon.svg", TestContext.Current.CancellationToken);
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        }

        var title = Page.Locator("h1");
        await Expect(title).ToBeFocusedAsync();
        Assert.Equal("none", await title.EvaluateAsync<string>("e => getComputedStyle(e).outlineStyle"));
    }
}
