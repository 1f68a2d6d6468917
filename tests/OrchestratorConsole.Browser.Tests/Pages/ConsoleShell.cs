using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Browser.Tests.Pages;

/// <summary>What every signed-in page shows: the navigation, the signed-in user, Log out and the server status bar.</summary>
public class ConsoleShell(IPage page)
{
    protected IPage Page { get; } = page;

    public ILocator Navigation => Page.GetByRole(AriaRole.Navigation, new() { Name = "Console sections" });

    public ILocator SignedInUser => Page.GetByTestId("signed-in-user");

    public ILocator LogOutButton => Page.GetByRole(AriaRole.Button, new() { Name = "Log out", Exact = true });

    /// <summary>The footer, e.g. "Server: Stopped".</summary>
    public ILocator ServerState => Page.GetByTestId("server-state");

    /// <summary>A menu link by its whole accessible name, e.g. "Audit" or "Database: valid".</summary>
    public ILocator NavLink(string name) => Navigation.GetByRole(AriaRole.Link, new() { Name = name, Exact = true });

    /// <summary>A menu link by its visible text, whatever state a section's tab adds to its name ("Database: invalid — …").</summary>
    public ILocator TabLink(string tab) => Navigation.GetByRole(AriaRole.Link, new() { NameRegex = new Regex($"^{Regex.Escape(tab)}(: .+)?$") });

    /// <summary>
    /// Chooses <paramref name="file"/> in a Blazor file input. The input listens for a choice only once the framework's
    /// script has set it up after the component's first render (it then carries a file counter); a choice made before
    /// that, which only a script is quick enough to make, would be lost.
    /// </summary>
    public static async Task ChooseFileAsync(ILocator input, string file)
    {
        await input.WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await input.Page.WaitForFunctionAsync("e => typeof e._blazorInputFileNextFileId === 'number'", await input.ElementHandleAsync());
        await input.SetInputFilesAsync(file);
    }

    /// <summary>Clicks are lost on a prerendered page until its circuit is interactive: wait for the layout's marker.</summary>
    public Task WaitForInteractiveAsync() => ConsoleBrowser.WaitForInteractiveAsync(Page);

    public async Task OpenAsync(string linkName)
    {
        await WaitForInteractiveAsync();
        await TabLink(linkName).ClickAsync();
    }

    public async Task LogOutAsync()
    {
        await WaitForInteractiveAsync();
        await LogOutButton.ClickAsync();
        await Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == LoginPage.Path);
    }
}
