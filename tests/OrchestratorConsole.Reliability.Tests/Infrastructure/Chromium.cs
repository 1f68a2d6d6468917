using Microsoft.Playwright;

namespace OrchestratorConsole.Reliability.Tests.Infrastructure;

/// <summary>Debian's Chromium driven by Playwright (<c>ORCHESTRATOR_TEST_CHROMIUM</c>, set by test.sh); no browser is downloaded.</summary>
public static class Chromium
{
    public const string Variable = "ORCHESTRATOR_TEST_CHROMIUM";

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        var path = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"Chromium was not found at {path}: install Debian's chromium package (test.sh does) or set {Variable}.");
        }

        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = path,
                Headless = true,
                Args = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            });
            return (playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }
}
