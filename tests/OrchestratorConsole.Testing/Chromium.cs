using Microsoft.Playwright;

namespace OrchestratorConsole.Testing;

/// <summary>Debian's Chromium, driven by Playwright. No browser is ever downloaded.</summary>
public static class Chromium
{
    public const string Variable = "ORCHESTRATOR_TEST_CHROMIUM";
    private const string DebianPath = "/usr/bin/chromium";

    private static readonly string[] Arguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    /// <summary>The Chromium binary: <c>ORCHESTRATOR_TEST_CHROMIUM</c> (set by test.sh), else Debian's package path.</summary>
    public static string ExecutablePath
    {
        get
        {
            var path = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured ? configured : DebianPath;
            return File.Exists(path)
                ? path
                : throw new InvalidOperationException($"Chromium was not found at {path}: install Debian's chromium package (test.sh does) or set {Variable}.");
        }
    }

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var executable = ExecutablePath;
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = executable,
                Headless = true,
                Args = Arguments,
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
