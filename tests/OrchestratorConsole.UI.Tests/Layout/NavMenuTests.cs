using AngleSharp.Dom;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Database;
using OrchestratorConsole.Core.Features.Node;
using OrchestratorConsole.Core.Features.PlugIns;
using OrchestratorConsole.Testing;
using OrchestratorConsole.UI.Layout;

namespace OrchestratorConsole.UI.Tests.Layout;

/// <summary>Every section's tab in the side menu carries the section's live state, in its marker and in its accessible name.</summary>
public sealed class NavMenuTests : ConsoleTestContext
{
    private static readonly Actor OtherAdministrator = new("other-admin", new HashSet<string> { Roles.Administrator });

    [Fact]
    public void On_a_fresh_node_every_section_tab_is_named_valid_and_a_tab_without_a_section_has_no_state()
    {
        SignInAs(Roles.Reviewer, "reviewer");

        var menu = Render<NavMenu>();

        menu.WaitForAssertion(() => Assert.Equal("Database: valid", Link(menu, "/database").GetAttribute("aria-label")));
        Assert.Equal("General: valid", Link(menu, "/general").GetAttribute("aria-label"));
        Assert.Equal("Server availability: valid", Link(menu, "/server-availability").GetAttribute("aria-label"));
        Assert.Equal("Startup options: valid", Link(menu, "/startup").GetAttribute("aria-label"));
        Assert.Equal("Plug-ins: valid", Link(menu, "/plugins").GetAttribute("aria-label"));
        Assert.Equal("Log: valid", Link(menu, "/log").GetAttribute("aria-label"));
        Assert.Equal("Network: valid", Link(menu, "/network").GetAttribute("aria-label"));
        Assert.Equal("Authentication: valid", Link(menu, "/authentication").GetAttribute("aria-label"));
        Assert.Equal("Audit: valid", Link(menu, "/audit").GetAttribute("aria-label"));
        Assert.Equal("Notifications: valid", Link(menu, "/notifications").GetAttribute("aria-label"));
        Assert.Null(Link(menu, "/cluster").GetAttribute("aria-label"));
        Assert.Empty(Link(menu, "/cluster").QuerySelectorAll("[data-testid=menu-state-marker]"));
        Assert.Equal(10, menu.FindAll("[data-testid=menu-state-marker]").Count);
        Assert.All(menu.FindAll("a svg"), icon => Assert.Equal("true", icon.GetAttribute("aria-hidden")));
    }

    [Fact]
    public async Task A_database_saved_in_another_window_turns_the_open_menu_red_naming_the_first_reason()
    {
        SignInAs(Roles.Reviewer, "reviewer");
        var menu = Render<NavMenu>();
        menu.WaitForAssertion(() => Assert.Equal("Database: valid", Link(menu, "/database").GetAttribute("aria-label")));

        var configuration = Node.GetRequiredService<ConfigurationService>();
        var current = await configuration.GetAsync<DatabaseSettings>(Cancellation);
        await configuration.SaveAsync(OtherAdministrator, new DatabaseSettings { Type = DatabaseType.PostgreSQL, Host = "127.0.0.1", Port = 1, DatabaseName = "orchestrator", UserName = "orch" }, current.Version, null, Cancellation);
        await Node.GetRequiredService<DatabaseStatusService>().RefreshAsync(Cancellation);
        var reason = await FirstMessageAsync(ConfigurationRegistry.Database);

        Assert.Contains("Nothing accepts connections at 127.0.0.1:1", reason);
        menu.WaitForAssertion(() => Assert.Equal($"Database: invalid \u2014 {reason}", Link(menu, "/database").GetAttribute("aria-label")));
        Assert.Equal("invalid", Link(menu, "/database").GetAttribute("data-state"));
        Assert.Equal("General: valid", Link(menu, "/general").GetAttribute("aria-label"));
    }

    [Fact]
    public async Task A_plug_in_installed_elsewhere_without_its_required_settings_turns_the_plug_ins_tab_amber()
    {
        SignInAs(Roles.Reviewer, "reviewer");
        var menu = Render<NavMenu>();
        menu.WaitForAssertion(() => Assert.Equal("Plug-ins: valid", Link(menu, "/plugins").GetAttribute("aria-label")));

        using (var package = new MemoryStream(PluginPackages.Sample("mail")))
        {
            await Node.GetRequiredService<PluginService>().InstallAsync(OtherAdministrator, package, false, Cancellation);
        }

        var plugins = (await Node.GetRequiredService<NodeValidationService>().ValidateAsync(Cancellation)).Single(s => s.Section == ConfigurationRegistry.PluginsGroup.Name);
        Assert.Equal("warning", plugins.State);
        menu.WaitForAssertion(() => Assert.Equal($"Plug-ins: warning \u2014 {plugins.Warnings[0]}", Link(menu, "/plugins").GetAttribute("aria-label")));
        Assert.Equal("warning", Link(menu, "/plugins").GetAttribute("data-state"));
    }

    private static IElement Link(IRenderedComponent<NavMenu> menu, string href) => menu.Find($"a[href='{href}']");

    private async Task<string> FirstMessageAsync(string section) =>
        (await Node.GetRequiredService<NodeValidationService>().ValidateAsync(Cancellation)).Single(s => s.Section == section).Messages[0];
}
