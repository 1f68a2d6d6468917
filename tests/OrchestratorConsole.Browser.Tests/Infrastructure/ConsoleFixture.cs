using Microsoft.Playwright;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Browser.Tests.Infrastructure;

/// <summary>
/// One console node and one Chromium for a test class. The administrator <c>vmware</c> starts with
/// <see cref="AdminPassword"/>; each test opens its own browser context (<see cref="NewContextAsync"/>).
/// </summary>
public class ConsoleFixture : IAsyncLifetime
{
    public const string AdminName = "vmware";
    public const string AdminPassword = "Initial#Admin1";

    private readonly SemaphoreSlim _launch = new(1, 1);
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public ConsoleNode Node { get; private set; } = null!;

    /// <summary>Start-up settings of the node, passed as <c>--Key value</c>.</summary>
    protected virtual IReadOnlyDictionary<string, string> NodeSettings => new Dictionary<string, string>
    {
        ["Accounts:InitialAdminPassword"] = AdminPassword,
    };

    public async ValueTask InitializeAsync()
    {
        Node = await StartNodeAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Starts the class's node; by default on a free loopback port given by <c>--urls</c>.</summary>
    protected virtual Task<ConsoleNode> StartNodeAsync(CancellationToken cancellationToken) =>
        ConsoleNode.StartAsync(NodeSettings, cancellationToken: cancellationToken);

    /// <summary>The class's Chromium, launched on first use (a class that only speaks HTTP never starts it).</summary>
    public async Task<IBrowser> GetBrowserAsync()
    {
        await _launch.WaitAsync();
        try
        {
            if (_browser is null)
            {
                (_playwright, _browser) = await Chromium.LaunchAsync();
            }

            return _browser;
        }
        finally
        {
            _launch.Release();
        }
    }

    /// <summary>A fresh browser context (no cookies) whose relative URLs go to the node.</summary>
    public async Task<IBrowserContext> NewContextAsync()
    {
        var browser = await GetBrowserAsync();
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Node.BaseAddress.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
            Locale = "en-US",
        });
        context.SetDefaultTimeout(20_000);
        context.SetDefaultNavigationTimeout(30_000);
        return context;
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (Node is not null)
        {
            await Node.DisposeAsync();
        }

        _launch.Dispose();
        GC.SuppressFinalize(this);
    }
}
