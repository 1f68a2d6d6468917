using Microsoft.Playwright;

namespace OrchestratorConsole.Browser.Tests.Pages;

/// <summary>/plugins: the installed plug-ins, the upload, the enable switch and each plug-in's settings form.</summary>
public sealed class PlugInsTab(IPage page) : ConsoleShell(page)
{
    public const string Path = "/plugins";

    public ILocator Heading => Page.GetByRole(AriaRole.Heading, new() { Name = "Plug-ins", Level = 1 });

    public ILocator UploadButton => Page.GetByRole(AriaRole.Button, new() { Name = "Upload plug-in", Exact = true });

    /// <summary>The outcome of the last upload ("Mail installed at version 7.0.1.").</summary>
    public ILocator UploadResult => Page.GetByTestId("upload-result");

    public ILocator UploadError => Page.GetByTestId("upload-error");

    public ILocator Table => Page.GetByTestId("plugins");

    /// <summary>The table row of the plug-in named <paramref name="name"/>.</summary>
    public ILocator Row(string name) =>
        Table.Locator("tbody tr").Filter(new() { Has = Page.GetByTestId("plugin-name").GetByText(name, new() { Exact = true }) });

    /// <summary>The enable switch of <paramref name="name"/>.</summary>
    public ILocator EnabledSwitch(string name) => Page.GetByRole(AriaRole.Switch, new() { Name = $"Enable {name}", Exact = true });

    /// <summary>The "missing settings: …" warning of a row, or the "complete" chip.</summary>
    public static ILocator SettingsState(ILocator row) => row.GetByTestId("plugin-settings-state");

    public ILocator SettingsPanel => Page.GetByTestId("settings-panel");

    public ILocator Field(string label) => SettingsPanel.GetByLabel(label, new() { Exact = true });

    public ILocator SaveButton => SettingsPanel.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true });

    /// <summary>
    /// The words of the plug-ins' descriptions that are broken across two lines, as the page lays them out now. A line
    /// may end after a hyphen ("e-" / "mail"), as in print: the parts between hyphens are what must stay whole.
    /// </summary>
    public Task<string[]> WordsSplitAcrossLinesAsync() => Table.GetByTestId("plugin-description").EvaluateAllAsync<string[]>("""
        cells => cells.flatMap(cell => {
            const split = [];
            const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                for (const word of node.data.matchAll(/[^\s-]+/g)) {
                    const range = document.createRange();
                    range.setStart(node, word.index);
                    range.setEnd(node, word.index + word[0].length);
                    const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
                    if (lines.size > 1) split.push(word[0]);
                }
            }
            return split;
        })
        """);

    /// <summary>Whether every column of the table is in view without scrolling it sideways.</summary>
    public Task<bool> FitsWithoutScrollingAsync() =>
        Table.Locator(".mud-table-container").EvaluateAsync<bool>("e => e.scrollWidth <= e.clientWidth");

    public async Task<PlugInsTab> GotoAsync()
    {
        await Page.GotoAsync(Path);
        await WaitForInteractiveAsync();
        await Heading.WaitForAsync();
        return this;
    }

    /// <summary>Chooses <paramref name="packagePath"/> in the upload's file input, as the file picker would.</summary>
    public Task UploadAsync(string packagePath) =>
        ChooseFileAsync(Page.Locator("input[type=file][accept='.vmoapp']"), packagePath);

    /// <summary>Opens the settings form of <paramref name="name"/>.</summary>
    public async Task ConfigureAsync(string name)
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = $"Configure {name}", Exact = true }).ClickAsync();
        await SettingsPanel.WaitForAsync();
    }
}
