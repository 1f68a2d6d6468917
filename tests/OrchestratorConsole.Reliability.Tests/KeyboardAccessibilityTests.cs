using System.Text;
using Microsoft.Playwright;
using OrchestratorConsole.Reliability.Tests.Infrastructure;

namespace OrchestratorConsole.Reliability.Tests;

/// <summary>
/// The console with the keyboard alone, in Chromium against a real node: the sign-in, the side menu, a save and a
/// dialog, and every control of every tab reached by Tab.
/// </summary>
public sealed class KeyboardAccessibilityTests : AccessibilityTest
{
    [Fact]
    public async Task The_sign_in_form_works_with_Tab_and_Enter_alone()
    {
        var page = await OpenAsync();
        await page.GotoAsync("/account/login");

        await TabToAsync(page, "#userName", 10);
        await page.Keyboard.TypeAsync(StoreNode.AdminName);
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("password", await ActiveIdAsync(page));
        await page.Keyboard.TypeAsync(StoreNode.AdminPassword);
        await page.Keyboard.PressAsync("Enter");

        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        await SettleAsync(page);
    }

    [Fact]
    public async Task Tab_reaches_the_side_menu_links_and_Enter_follows_one()
    {
        var page = await OpenAsync();
        await LogInAsync(page);

        // Tab from the top of the page to the menu's "Database" link, through whatever comes before it.
        await page.EvaluateAsync("() => document.activeElement instanceof HTMLElement && document.activeElement.blur()");
        var reached = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = await page.EvaluateAsync<string>("() => { const e = document.activeElement; return (e?.closest('nav') ? 'nav:' : '') + (e?.getAttribute('href') ?? e?.textContent?.trim() ?? ''); }");
            reached.Add(focused);
            if (focused == "nav:/database" || focused == "nav:database")
            {
                break;
            }
        }

        Assert.True(reached[^1] is "nav:/database" or "nav:database", $"Tab never reached the menu's Database link; it went through: {string.Join(" → ", reached)}");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/database");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task An_administrator_saves_a_section_and_confirms_a_dialog_with_the_keyboard_alone()
    {
        var page = await OpenAsync();
        await LogInAsync(page);
        await page.GotoAsync("/general");
        await SettleAsync(page);
        var savedVersion = page.GetByTestId("saved-version");
        await Assertions.Expect(savedVersion).ToContainTextAsync("Version ");
        var before = await savedVersion.InnerTextAsync();

        await page.EvaluateAsync("() => document.activeElement instanceof HTMLElement && document.activeElement.blur()");
        await TabToAsync(page, page.GetByLabel("Description", new() { Exact = true }), 40);
        await page.Keyboard.TypeAsync("Typed without a mouse");
        await TabToAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }), 10);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(savedVersion).Not.ToHaveTextAsync(before);
        await page.ReloadAsync();
        await SettleAsync(page);
        await Assertions.Expect(page.GetByLabel("Description", new() { Exact = true })).ToHaveValueAsync("Typed without a mouse");

        await page.GotoAsync("/troubleshooting");
        await SettleAsync(page);
        await page.EvaluateAsync("() => document.activeElement instanceof HTMLElement && document.activeElement.blur()");
        await TabToAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Reset current version", Exact = true }), 40);
        await page.Keyboard.PressAsync("Enter");
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await TabToAsync(page, dialog.GetByRole(AriaRole.Button, new() { Name = "Reset", Exact = true }), 10);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(dialog).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByText("the next start of the server reinstalls all plug-in content").First).ToBeVisibleAsync();
    }

    /// <summary>
    /// On every tab, as an administrator (who sees every control): each visible control of the page's content is
    /// reached by Tab from the top of the page, with no keyboard trap on the way, and nothing that looks clickable
    /// (a pointer cursor) is out of the keyboard's reach; a numeric field steps with the arrow keys.
    /// </summary>
    [Fact]
    public async Task On_every_tab_Tab_reaches_each_control_and_nothing_clickable_is_out_of_its_reach()
    {
        var page = await OpenAsync();
        await LogInAsync(page);
        var problems = new StringBuilder();
        var tabs = (await MenuLinksAsync(page)).Where(t => !t.StartsWith("/account/", StringComparison.Ordinal)).ToList();
        foreach (var tab in tabs)
        {
            await page.GotoAsync(tab);
            await SettleAsync(page);
            var survey = await page.EvaluateAsync<KeyboardSurvey>(SurveyScript);
            foreach (var unreachable in survey.PointerOnly)
            {
                problems.AppendLine($"{tab}: looks clickable but the keyboard cannot reach it: {unreachable}");
            }

            // A numeric field's spin buttons are out of the Tab order by design: its input takes ArrowUp and ArrowDown.
            if (survey.NumericFields > 0)
            {
                // One with a value where there is one: an empty field (a port that is off) goes up to its minimum and stays there.
                var inputs = await page.Locator(".mud-input:has(.mud-input-numeric-spin) input").AllAsync();
                var input = inputs[0];
                foreach (var candidate in inputs)
                {
                    if ((await candidate.InputValueAsync()).Length > 0)
                    {
                        input = candidate;
                        break;
                    }
                }

                await input.FocusAsync();
                var before = await input.InputValueAsync();
                await page.Keyboard.PressAsync("ArrowUp");
                await Assertions.Expect(input).Not.ToHaveValueAsync(before);
                if (before.Length > 0)
                {
                    await page.Keyboard.PressAsync("ArrowDown");
                    await Assertions.Expect(input).ToHaveValueAsync(before);
                }
            }

            // Tab from the top through the whole page: every control once, then out of the page (no trap).
            await page.EvaluateAsync("() => { document.activeElement instanceof HTMLElement && document.activeElement.blur(); window.scrollTo(0, 0); }");
            var reached = new HashSet<int>();
            var limit = (survey.Controls.Length * 2) + 60;
            for (var i = 0; i < limit && reached.Count < survey.Controls.Length; i++)
            {
                await page.Keyboard.PressAsync("Tab");
                var index = await page.EvaluateAsync<int>("() => { const e = document.activeElement?.closest('[data-keyboard-index]'); return e ? Number(e.getAttribute('data-keyboard-index')) : -1; }");
                if (index >= 0)
                {
                    reached.Add(index);
                }
            }

            for (var i = 0; i < survey.Controls.Length; i++)
            {
                if (!reached.Contains(i))
                {
                    problems.AppendLine($"{tab}: Tab never reached {survey.Controls[i]}");
                }
            }

            Log($"{tab}: {survey.Controls.Length} controls reached by Tab");
        }

        Assert.True(problems.Length == 0, problems.ToString());
    }

    private sealed class KeyboardSurvey
    {
        public string[] Controls { get; set; } = [];

        public string[] PointerOnly { get; set; } = [];

        public int NumericFields { get; set; }
    }

    /// <summary>
    /// Marks the visible, enabled controls of the page's content (data-keyboard-index), lists elements with a pointer
    /// cursor that neither are, nor hold, nor sit inside a control, nor label one, and counts numeric fields.
    /// </summary>
    private const string SurveyScript = """
        () => {
            const main = document.querySelector('.mud-main-content') || document.body;
            const controlSelector = 'a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled]), [tabindex]';
            const visible = e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden' && !e.closest('[aria-hidden="true"], [inert]');
            const describe = e => `<${e.tagName.toLowerCase()}${e.id ? ' id=' + e.id : ''}${e.getAttribute('aria-label') ? ' aria-label="' + e.getAttribute('aria-label') + '"' : ''}${e.className && typeof e.className === 'string' ? ' class="' + e.className.slice(0, 80) + '"' : ''}> ${(e.textContent || '').trim().slice(0, 40)}`;
            const controls = [...main.querySelectorAll(controlSelector)].filter(e => e.tabIndex >= 0 && visible(e));
            controls.forEach((e, i) => e.setAttribute('data-keyboard-index', String(i)));
            const isControl = e => e.matches(controlSelector) && e.tabIndex >= 0;
            const pointerOnly = [...main.querySelectorAll('*')]
                .filter(e => visible(e) && getComputedStyle(e).cursor === 'pointer')
                .filter(e => !isControl(e) && !e.closest(controlSelector.split(', ').map(s => s + ':not([tabindex="-1"])').join(', ')) && !e.querySelector(controlSelector) && !e.closest('label'))
                .filter(e => !e.closest('.mud-input-numeric-spin'))
                .filter(e => e.parentElement === null || getComputedStyle(e.parentElement).cursor !== 'pointer');
            return { controls: controls.map(describe), pointerOnly: pointerOnly.map(describe), numericFields: main.querySelectorAll('.mud-input-numeric-spin').length };
        }
        """;

    private static Task TabToAsync(IPage page, string selector, int limit) => TabToAsync(page, page.Locator(selector), limit);

    /// <summary>Presses Tab until <paramref name="target"/> has the focus; fails after <paramref name="limit"/> presses, naming the path.</summary>
    private static async Task TabToAsync(IPage page, ILocator target, int limit)
    {
        var path = new List<string>();
        for (var i = 0; i < limit; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await target.EvaluateAsync<bool>("e => e === document.activeElement"))
            {
                return;
            }

            path.Add(await ActiveIdAsync(page));
        }

        Assert.Fail($"{limit} presses of Tab did not reach {target}: {string.Join(" → ", path)}");
    }

    private static Task<string> ActiveIdAsync(IPage page) =>
        page.EvaluateAsync<string>("() => document.activeElement?.id || document.activeElement?.tagName || ''");
}
