using System.Globalization;
using Microsoft.Playwright;
using OrchestratorConsole.Browser.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace OrchestratorConsole.Browser.Tests.Features.Audit;

/// <summary>The Audit tab's time filter takes a time of day, not only a date.</summary>
public sealed class AuditFilterTests(ConsoleFixture fixture) : BrowserTest<ConsoleFixture>(fixture), IClassFixture<ConsoleFixture>
{
    [Fact]
    public async Task A_from_time_later_today_hides_this_login_and_one_earlier_shows_it()
    {
        var overview = await LogInAsAdministratorAsync();
        await overview.OpenAsync("Audit");
        var events = Page.GetByTestId("audit-events");
        await Expect(events.GetByRole(AriaRole.Cell, new() { Name = "login", Exact = true }).First).ToBeVisibleAsync();

        await FilterFromAsync(DateTimeOffset.UtcNow.AddMinutes(5));
        await Expect(events.GetByText("No audit events match.")).ToBeVisibleAsync();

        await FilterFromAsync(DateTimeOffset.UtcNow.AddMinutes(-30));
        await Expect(events.GetByRole(AriaRole.Cell, new() { Name = "login", Exact = true }).First).ToBeVisibleAsync();
    }

    private async Task FilterFromAsync(DateTimeOffset from)
    {
        await FillAsync("From date (UTC)", from.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await FillAsync("From time", from.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Apply filters", Exact = true }).ClickAsync();
    }

    private async Task FillAsync(string label, string value)
    {
        var field = Page.GetByLabel(label, new() { Exact = true });
        await field.FillAsync(value);
        await field.PressAsync("Tab");
        await Expect(field).ToHaveValueAsync(value);
    }
}
