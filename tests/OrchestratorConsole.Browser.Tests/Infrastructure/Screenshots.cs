using Microsoft.Playwright;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Browser.Tests.Infrastructure;

/// <summary>
/// The pictures in docs/screenshots are taken by the browser tests themselves, only when
/// <c>ORCHESTRATOR_SCREENSHOTS=1</c> (docs/screenshots/take.sh sets it), so an ordinary or CI run never rewrites them.
/// </summary>
public static class Screenshots
{
    public const string Variable = "ORCHESTRATOR_SCREENSHOTS";

    public static bool Enabled => Environment.GetEnvironmentVariable(Variable) == "1";

    /// <summary>Saves the page as docs/screenshots/<paramref name="name"/>.png when enabled; otherwise does nothing.</summary>
    public static async Task SaveAsync(IPage page, string name)
    {
        if (!Enabled)
        {
            return;
        }

        var folder = Path.Combine(RepositoryPaths.Root, "docs", "screenshots");
        Directory.CreateDirectory(folder);

        // No focus ring on the heading that navigation focuses.
        await page.EvaluateAsync("() => document.activeElement instanceof HTMLElement && document.activeElement.blur()");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}.png"), FullPage = true, Animations = ScreenshotAnimations.Disabled });
    }
}
