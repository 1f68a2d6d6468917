using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace OrchestratorConsole.Browser.Tests.Pages;

/// <summary>/database: the Orchestrator database settings, Test connection and Install database.</summary>
public sealed partial class DatabaseTab(IPage page) : ConsoleShell(page)
{
    public const string Path = "/database";

    public ILocator Heading => Page.GetByRole(AriaRole.Heading, new() { Name = "Database", Level = 1 });

    public ILocator DatabaseType => Page.GetByLabel("Database type", new() { Exact = true });

    public ILocator Host => Page.GetByLabel("Host", new() { Exact = true });

    public ILocator Port => Page.GetByLabel("Port", new() { Exact = true });

    public ILocator DatabaseName => Page.GetByLabel("Database name", new() { Exact = true });

    public ILocator UserName => Page.GetByLabel("User name", new() { Exact = true });

    public ILocator Password => Page.GetByLabel("Password", new() { Exact = true });

    public ILocator UseSsl => Page.GetByLabel("Use SSL", new() { Exact = true });

    public ILocator TlsMode => Page.GetByLabel("TLS mode", new() { Exact = true });

    public ILocator SaveButton => Button("Save");

    public ILocator TestConnectionButton => Button("Test connection");

    public ILocator InstallButton => Button("Install database");

    /// <summary>Red or green for the section: <c>data-valid</c> true or false.</summary>
    public ILocator SectionState => Page.GetByTestId("section-state");

    /// <summary>The outcome of the last Test connection (or install).</summary>
    public ILocator TestResult => Page.GetByTestId("test-result");

    public async Task<DatabaseTab> GotoAsync()
    {
        await Page.GotoAsync(Path);
        await WaitForInteractiveAsync();
        await Heading.WaitForAsync();
        return this;
    }

    /// <summary>Opens the MudSelect labelled "Database type" and clicks the option.</summary>
    public async Task ChooseTypeAsync(string type)
    {
        await DatabaseType.ClickAsync();
        await Page.GetByRole(AriaRole.Option, new() { Name = type, Exact = true }).ClickAsync();
    }

    public async Task FillAsync(string host, int port, string databaseName, string userName, string password)
    {
        await Host.FillAsync(host);
        await Port.FillAsync(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await DatabaseName.FillAsync(databaseName);
        await UserName.FillAsync(userName);
        await Password.FillAsync(password);
    }

    /// <summary>Clicks Install database and confirms the dialog that asks first.</summary>
    public async Task InstallAsync()
    {
        await InstallButton.ClickAsync();
        var dialog = Page.GetByRole(AriaRole.Dialog);
        await dialog.GetByRole(AriaRole.Button, new() { NameRegex = ConfirmLabel() }).ClickAsync();
        await dialog.WaitForAsync(new() { State = WaitForSelectorState.Hidden });
    }

    private ILocator Button(string name) => Page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    [GeneratedRegex("^(Install|Install database|Yes|OK|Confirm)$", RegexOptions.IgnoreCase)]
    private static partial Regex ConfirmLabel();
}
