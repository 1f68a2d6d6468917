using Microsoft.Playwright;

namespace OrchestratorConsole.Browser.Tests.Pages;

/// <summary>/authentication: directory sign-in, its tests of the connection and of a login.</summary>
public sealed class AuthenticationTab(IPage page) : ConsoleShell(page)
{
    public const string Path = "/authentication";

    public ILocator Heading => Page.GetByRole(AriaRole.Heading, new() { Name = "Authentication", Level = 1 });

    public ILocator Enabled => Page.GetByTestId("authentication-enabled");

    public ILocator AddServer => Page.GetByTestId("authentication-add-server");

    public ILocator ServerUrl(int index) => Page.GetByTestId($"authentication-server-url-{index}");

    public ILocator BindDn => Page.GetByTestId("authentication-bind-dn");

    public ILocator BindPassword => Page.GetByTestId("authentication-bind-password");

    public ILocator UserSearchBase => Page.GetByTestId("authentication-user-search-base");

    public ILocator GroupSearchBase => Page.GetByTestId("authentication-group-search-base");

    public ILocator AddMapping => Page.GetByTestId("authentication-add-mapping");

    public ILocator Group(int index) => Page.GetByTestId($"authentication-group-{index}");

    public ILocator SaveButton => Page.GetByTestId("authentication-save");

    public ILocator SavedVersion => Page.GetByTestId("saved-version");

    public ILocator Unsaved => Page.GetByTestId("authentication-unsaved");

    public ILocator TestConnection => Page.GetByTestId("authentication-test-connection");

    public ILocator TestUser => Page.GetByTestId("authentication-test-user");

    public ILocator TestPassword => Page.GetByTestId("authentication-test-password");

    public ILocator TestLogin => Page.GetByTestId("authentication-test-login");

    public ILocator Result => Page.GetByTestId("authentication-result");

    public ILocator ResultRole => Page.GetByTestId("authentication-result-role");

    public ILocator ResultGroups => Page.GetByTestId("authentication-result-groups");

    public ILocator ResultServer => Page.GetByTestId("authentication-result-server");

    public async Task<AuthenticationTab> GotoAsync()
    {
        await Page.GotoAsync(Path);
        await WaitForInteractiveAsync();
        await Heading.WaitForAsync();
        return this;
    }

    /// <summary>Types <paramref name="value"/> into a text field and leaves it, so the form takes the value.</summary>
    public static async Task TypeAsync(ILocator field, string value)
    {
        await field.FillAsync(value);
        await field.BlurAsync();
    }
}
