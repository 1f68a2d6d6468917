using Microsoft.Playwright;
using OrchestratorConsole.Browser.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace OrchestratorConsole.Browser.Tests.Features.Logs;

/// <summary>The Log tab: the newest line first, no line per HTTP request at INFO, and a filter by level and text.</summary>
public sealed class LogTabTests(ConsoleFixture fixture) : BrowserTest<ConsoleFixture>(fixture), IClassFixture<ConsoleFixture>
{
    [Fact]
    public async Task Lines_come_newest_first_without_request_lines_and_filter_by_text_and_level()
    {
        var overview = await LogInAsAdministratorAsync();
        await overview.OpenAsync("Log");
        var lines = Page.GetByTestId("log-lines");
        await Expect(lines).ToContainTextAsync("data directory");

        var shown = (await lines.InnerTextAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var times = shown.Select(l => l[..24]).ToList();
        Assert.Equal(times.OrderDescending(StringComparer.Ordinal), times);
        Assert.DoesNotContain(shown, l => l.Contains("Request starting", StringComparison.Ordinal) || l.Contains("Executing endpoint", StringComparison.Ordinal));

        var text = Page.GetByLabel("Containing", new() { Exact = true });
        await text.FillAsync("DATA DIRECTORY");
        // The filter applies as the text is typed (after a short pause): wait until every line shown matches it.
        await Page.WaitForFunctionAsync(
            "e => e.innerText.trim().length > 0 && e.innerText.trim().split('\\n').every(l => l.toLowerCase().includes('data directory'))",
            await lines.ElementHandleAsync());
        var filtered = (await lines.InnerTextAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(filtered, l => Assert.Contains("data directory", l, StringComparison.OrdinalIgnoreCase));

        await Page.GetByTestId("log-filter-level").ClickAsync();
        await Page.GetByRole(AriaRole.Option, new() { Name = "FATAL", Exact = true }).ClickAsync();
        await Expect(Page.GetByTestId("log-count")).ToHaveTextAsync("No line matches.");
    }
}
