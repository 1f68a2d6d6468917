using Bunit;
using Microsoft.Extensions.DependencyInjection;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.UI.Features.Network;

namespace OrchestratorConsole.UI.Tests.Features.Network;

public sealed class NetworkPageTests : ConsoleTestContext
{
    [Fact]
    public async Task An_address_this_host_lacks_is_named_under_its_field_and_nothing_is_saved()
    {
        SignInAs(Roles.Administrator);
        var page = RenderPage<NetworkPage>().Page;
        page.WaitForElement("[data-testid=saved-version]");

        page.Field("Listen address").Change("203.0.113.77");
        await page.ClickAsync("Save");

        page.WaitForAssertion(() => Assert.Contains("This host has no address 203.0.113.77.", page.Find("[data-testid=network-error]").TextContent));
        Assert.Contains("Version 1,", page.Find("[data-testid=saved-version]").TextContent);
        Assert.Equal("127.0.0.1", (await Node.GetRequiredService<ConfigurationService>().GetAsync<NetworkSettings>(Cancellation)).Settings.ListenAddress);
    }

    [Fact]
    public void A_listen_address_that_is_not_an_IP_address_shows_the_rule_before_any_save()
    {
        SignInAs(Roles.Administrator);
        var page = RenderPage<NetworkPage>().Page;
        page.WaitForElement("[data-testid=saved-version]");

        page.Field("Listen address").Change("console.example.com");

        page.WaitForAssertion(() => Assert.Contains("'console.example.com' is not an IP address.", page.Markup));
    }

    [Fact]
    public void A_reviewer_sees_the_settings_read_only()
    {
        SignInAs(Roles.Reviewer, "reviewer");

        var page = RenderPage<NetworkPage>().Page;

        page.WaitForElement("[data-testid=saved-version]");
        Assert.True(page.Field("Listen address").HasAttribute("disabled"));
        Assert.False(page.HasButton("Save"));
    }
}
