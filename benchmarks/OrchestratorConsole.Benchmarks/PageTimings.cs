using System.Diagnostics;
using System.Text.Json;
using Microsoft.Playwright;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Benchmarks;

/// <summary>One app's pages as the benchmark drives them: where its first load starts, and the two pages it moves between.</summary>
/// <param name="Start">The page a first load opens, and where the moves start.</param>
/// <param name="Moves">Each move: the link clicked and the element that shows the page it leads to has rendered.</param>
internal sealed record PageTour(string Name, Uri BaseAddress, string Start, bool SignIn, IReadOnlyList<(string Link, string Shown)> Moves);

/// <summary>The parts of a first load, medians over the loads measured.</summary>
internal sealed record FirstLoad(double ResponseMs, double DomContentLoadedMs, double InteractiveMs, int Resources, double TransferredKb)
{
    public override string ToString() =>
        $"first byte of the page {ResponseMs:F0} ms, DOM content loaded {DomContentLoadedMs:F0} ms, interactive {InteractiveMs:F0} ms; "
        + $"{Resources} resources, {TransferredKb:F0} KB transferred";
}

/// <summary>
/// Times the pages of an app in Chromium one at a time, with nothing else open on the server: a first load (a new page,
/// from the request until its circuit is interactive) and a move between two pages of a live circuit (from the click on a
/// link until the page it leads to shows its content). The two apps are measured in turns, so a burst of load on the
/// shared cores falls on both.
/// </summary>
internal static class PageTimings
{
    public static async Task<(FirstLoad Baseline, FirstLoad Console)> FirstLoadsAsync(IBrowser browser, PageTour baseline, PageTour console, int loads = 15)
    {
        await using var baselineContext = await ContextAsync(browser, baseline);
        await using var consoleContext = await ContextAsync(browser, console);
        var samples = (Baseline: new List<FirstLoad>(), Console: new List<FirstLoad>());
        for (var i = 0; i < 2; i++)
        {
            await FirstLoadAsync(baselineContext, baseline.Start);
            await FirstLoadAsync(consoleContext, console.Start);
        }

        for (var i = 0; i < loads; i++)
        {
            samples.Baseline.Add(await FirstLoadAsync(baselineContext, baseline.Start));
            samples.Console.Add(await FirstLoadAsync(consoleContext, console.Start));
        }

        return (Medians(samples.Baseline), Medians(samples.Console));
    }

    /// <summary>
    /// Median milliseconds from a click on a link of a live circuit until the page it leads to has rendered, for each app,
    /// and the median of each move of the console's tour.
    /// </summary>
    public static async Task<(double Baseline, double Console, IReadOnlyList<double> ConsoleMoves)> MovesAsync(IBrowser browser, PageTour baseline, PageTour console, int rounds = 15)
    {
        await using var baselineContext = await ContextAsync(browser, baseline);
        await using var consoleContext = await ContextAsync(browser, console);
        var baselinePage = await OpenAsync(baselineContext, baseline.Start);
        var consolePage = await OpenAsync(consoleContext, console.Start);
        await MoveRoundAsync(baselinePage, baseline);
        await MoveRoundAsync(consolePage, console);
        var samples = (Baseline: new List<double>(), Console: new List<List<double>>());
        for (var i = 0; i < rounds; i++)
        {
            samples.Baseline.AddRange(await MoveRoundAsync(baselinePage, baseline));
            samples.Console.Add(await MoveRoundAsync(consolePage, console));
        }

        var moves = Enumerable.Range(0, console.Moves.Count).Select(m => Statistics.Median([.. samples.Console.Select(round => round[m])])).ToList();
        return (Statistics.Median(samples.Baseline), Statistics.Median([.. samples.Console.SelectMany(round => round)]), moves);
    }

    private static async Task<IBrowserContext> ContextAsync(IBrowser browser, PageTour tour)
    {
        var context = await browser.NewContextAsync(new() { BaseURL = tour.BaseAddress.ToString() });
        if (tour.SignIn)
        {
            var login = await context.NewPageAsync();
            await ConsoleBrowser.LogInAsync(login, NodeApi.AdminName, NodeApi.AdminPassword);
            await login.CloseAsync();
        }

        return context;
    }

    private static async Task<IPage> OpenAsync(IBrowserContext context, string path)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);
        await ConsoleBrowser.WaitForInteractiveAsync(page, 60_000);
        return page;
    }

    /// <summary>
    /// Each move of the tour once, timed in the page itself: from the click until an observer of the document sees the
    /// element of the page it leads to, so the driver's own round trips and its checks before a click stay out of it.
    /// </summary>
    private static async Task<List<double>> MoveRoundAsync(IPage page, PageTour tour)
    {
        var times = new List<double>();
        foreach (var (link, shown) in tour.Moves)
        {
            await page.Locator(link).First.WaitForAsync();
            times.Add(await page.EvaluateAsync<double>(
                """
                ([link, shown]) => new Promise(resolve => {
                    const start = performance.now();
                    const done = () => { observer.disconnect(); resolve(performance.now() - start); };
                    const observer = new MutationObserver(() => { if (document.querySelector(shown)) done(); });
                    observer.observe(document.body, { childList: true, subtree: true, attributes: true });
                    document.querySelector(link).click();
                })
                """,
                new[] { link, shown }));
        }

        return times;
    }

    /// <summary>One first load in a new page; the page is closed after, so its circuit ends and nothing accumulates.</summary>
    private static async Task<FirstLoad> FirstLoadAsync(IBrowserContext context, string path)
    {
        var page = await context.NewPageAsync();
        try
        {
            var watch = Stopwatch.StartNew();
            await page.GotoAsync(path);
            await ConsoleBrowser.WaitForInteractiveAsync(page, 60_000);
            var interactive = Statistics.Ms(watch);
            using var timing = JsonDocument.Parse(await page.EvaluateAsync<string>(
                """
                () => {
                    const n = performance.getEntriesByType('navigation')[0];
                    const r = performance.getEntriesByType('resource');
                    return JSON.stringify({ response: n.responseEnd, dom: n.domContentLoadedEventEnd, resources: r.length,
                        bytes: n.transferSize + r.reduce((s, e) => s + e.transferSize, 0) });
                }
                """));
            var root = timing.RootElement;
            return new FirstLoad(root.GetProperty("response").GetDouble(), root.GetProperty("dom").GetDouble(), interactive,
                root.GetProperty("resources").GetInt32(), root.GetProperty("bytes").GetDouble() / 1024);
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    private static FirstLoad Medians(IReadOnlyList<FirstLoad> loads) => new(
        Statistics.Median([.. loads.Select(l => l.ResponseMs)]),
        Statistics.Median([.. loads.Select(l => l.DomContentLoadedMs)]),
        Statistics.Median([.. loads.Select(l => l.InteractiveMs)]),
        loads[^1].Resources,
        Statistics.Median([.. loads.Select(l => l.TransferredKb)]));
}
