using System.Text;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using OrchestratorConsole.Reliability.Tests.Infrastructure;

namespace OrchestratorConsole.Reliability.Tests;

/// <summary>
/// Every tab of the console, in Chromium against a real node, passes axe-core with no serious or critical violation,
/// in the light and the dark theme.
/// </summary>
public sealed class AxeAccessibilityTests : AccessibilityTest
{
    /// <summary>
    /// Violations inside MudBlazor's own markup that the console's pages cannot change: (rule, a selector fragment of
    /// the element, why). Each one is ignored for that rule and those elements only.
    /// </summary>
    private static readonly (string Rule, string Selector, string Why)[] Accepted = [];

    /// <summary>The theme is the user's kept choice, which another test of this class may have left dark: start from light.</summary>
    private static async Task UseLightThemeAsync(IPage page)
    {
        var theme = page.GetByRole(AriaRole.Button, new() { Name = "Dark theme", Exact = true });
        if (await theme.GetAttributeAsync("aria-pressed") == "true")
        {
            await theme.ClickAsync();
        }

        await Assertions.Expect(theme).ToHaveAttributeAsync("aria-pressed", "false");
    }

    [Fact]
    public async Task Every_tab_of_the_side_menu_and_the_sign_in_page_have_no_serious_or_critical_axe_violation()
    {
        var page = await OpenAsync();
        var problems = new StringBuilder();
        await page.GotoAsync("/account/login");
        await CheckAsync(page, "login page", problems);
        await LogInAsync(page);
        await UseLightThemeAsync(page);

        var tabs = await MenuLinksAsync(page);
        Assert.True(tabs.Count >= 10, $"The side menu links only {string.Join(", ", tabs)}");
        foreach (var tab in tabs)
        {
            var response = await page.GotoAsync(tab);
            Assert.True(response is { Ok: true }, $"{tab} answered {response?.Status}");
            await SettleAsync(page);
            await CheckAsync(page, tab, problems);
        }

        Log($"Checked: login page, {string.Join(", ", tabs)}");
        Assert.True(problems.Length == 0, problems.ToString());
    }

    [Fact]
    public async Task In_the_dark_theme_every_tab_has_no_serious_or_critical_axe_violation_either()
    {
        var page = await OpenAsync();
        await LogInAsync(page);
        await UseLightThemeAsync(page);
        var light = await BackgroundAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Dark theme", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("body")).Not.ToHaveCSSAsync("background-color", light);
        var problems = new StringBuilder();
        await CheckAsync(page, "Overview, dark", problems);

        // Every other tab of the shell, through the menu: the theme stays dark across the circuit's own navigation and
        // on Change password, a static form inside the shell.
        var menu = page.GetByRole(AriaRole.Navigation, new() { Name = "Console sections" });
        var tabs = (await MenuLinksAsync(page)).Where(t => t != "/").ToList();
        Assert.True(tabs.Count >= 10, $"The side menu links only {string.Join(", ", tabs)}");
        foreach (var tab in tabs)
        {
            await menu.Locator($"a[href=\"{tab}\"], a[href=\"{tab.TrimStart('/')}\"]").First.ClickAsync();
            await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == tab);
            await Assertions.Expect(page.Locator("body")).Not.ToHaveCSSAsync("background-color", light);
            await SettleAsync(page);
            await CheckAsync(page, $"{tab}, dark", problems);
        }

        Assert.True(problems.Length == 0, problems.ToString());
    }

    private static async Task CheckAsync(IPage page, string where, StringBuilder problems)
    {
        var result = await page.RunAxe();
        foreach (var violation in result.Violations.Where(v => v.Impact is "serious" or "critical"))
        {
            var nodes = violation.Nodes
                .Where(n => !Accepted.Any(a => a.Rule == violation.Id && n.Target.ToString().Contains(a.Selector, StringComparison.Ordinal)))
                .ToList();
            if (nodes.Count == 0)
            {
                continue;
            }

            problems.AppendLine($"{where}: {violation.Id} ({violation.Impact}): {violation.Help}");
            foreach (var node in nodes.Take(5))
            {
                problems.AppendLine($"    {node.Target}: {Truncate(node.Html, 200)} — {Truncate(string.Join("; ", (node.Any ?? []).Concat(node.All ?? []).Concat(node.None ?? []).Select(c => c.Message)), 300)}");
            }
        }
    }

    private static Task<string> BackgroundAsync(IPage page) =>
        page.Locator("body").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor");

    private static string Truncate(string? text, int max) => text is null ? string.Empty : text.Length <= max ? text : text[..max] + "…";
}
