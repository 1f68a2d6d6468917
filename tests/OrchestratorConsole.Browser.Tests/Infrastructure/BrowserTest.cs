using Microsoft.Playwright;
using OrchestratorConsole.Browser.Tests.Pages;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Browser.Tests.Infrastructure;

/// <summary>
/// Base of a browser test: a new browser context and page per test on the class's node. When a test fails, the
/// page's address, a screenshot and the node's output are attached to its result.
/// </summary>
public abstract class BrowserTest<TFixture>(TFixture fixture) : IAsyncLifetime
    where TFixture : ConsoleFixture
{
    static BrowserTest() => Assertions.SetDefaultExpectTimeout(15_000);

    protected TFixture Fixture { get; } = fixture;

    protected ConsoleNode Node => Fixture.Node;

    protected IBrowserContext Context { get; private set; } = null!;

    protected IPage Page { get; private set; } = null!;

    /// <summary>Logs in through the login page and waits for the interactive Overview.</summary>
    protected async Task<OverviewPage> LogInAsync(string userName, string password)
    {
        var login = await new LoginPage(Page).GotoAsync();
        await login.LogInAsync(userName, password);
        await Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == OverviewPage.Path);
        var overview = new OverviewPage(Page);
        await overview.WaitForInteractiveAsync();
        return overview;
    }

    /// <summary>Logs in as the fixture's administrator (vmware with <see cref="ConsoleFixture.AdminPassword"/>).</summary>
    protected Task<OverviewPage> LogInAsAdministratorAsync() => LogInAsync(ConsoleFixture.AdminName, ConsoleFixture.AdminPassword);

    public virtual async ValueTask InitializeAsync()
    {
        Context = await Fixture.NewContextAsync();
        Page = await Context.NewPageAsync();
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (TestContext.Current.TestState?.Result == TestResult.Failed && Page is not null)
        {
            await AttachFailureDetailsAsync();
        }

        if (Context is not null)
        {
            await Context.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    private async Task AttachFailureDetailsAsync()
    {
        TestContext.Current.AddAttachment("page-url", Page.Url);
        try
        {
            TestContext.Current.AddAttachment("screenshot", await Page.ScreenshotAsync(new PageScreenshotOptions { FullPage = true, Timeout = 5_000 }), "image/png");
        }
        catch (PlaywrightException)
        {
            // The page may be gone; the rest still helps.
        }

        var output = Node.Output;
        TestContext.Current.AddAttachment("node-output", output.Length > 20_000 ? output[^20_000..] : output);
    }
}
