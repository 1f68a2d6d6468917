using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using OrchestratorConsole.Core.Features.PlugIns;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.UI.Features.PlugIns;

namespace OrchestratorConsole.UI.Tests.Features.PlugIns;

/// <summary>A plug-in's settings form on the Plug-ins tab: drawn from its schema, saved as its configuration section.</summary>
public sealed class PluginSettingsFormTests : PluginTestContext
{
    [Fact]
    public async Task The_settings_form_draws_each_field_type_with_its_own_kind_of_input()
    {
        await InstallAsync(TestPackages.Create(TestPackages.EveryFieldType()));
        SignInAs(Roles.Administrator);
        var page = RenderPage<PlugInsPage>().Page;
        page.WaitForElement("[data-testid=plugins] tbody tr");

        await page.ClickAsync("Configure");

        page.WaitForElement("[data-testid=settings-panel]");
        Assert.Equal("Settings of Every field", page.Find("[data-testid=settings-panel] h2").TextContent.Trim());
        Assert.Equal("text", page.Field("Title").GetAttribute("type"));
        Assert.Equal("numeric", page.Field("Retries").GetAttribute("inputmode"));
        Assert.Equal("3", page.Field("Retries").GetAttribute("value"));
        Assert.Equal("checkbox", page.Find("[data-testid=field-verbose] input").GetAttribute("type"));
        Assert.Equal("password", page.Field("API key").GetAttribute("type"));
        Assert.Equal("text", page.Field("Server").GetAttribute("type"));
        Assert.Equal("numeric", page.Field("Server port").GetAttribute("inputmode"));
        Assert.Equal("443", page.Field("Server port").GetAttribute("value"));
        Assert.Equal("url", page.Field("Endpoint").GetAttribute("type"));
        Assert.Equal("true", page.Find("[data-testid=field-title]").GetAttribute("data-required"));
        Assert.Contains("Required.", page.Find("[data-testid=field-title]").TextContent);
        Assert.Equal("false", page.Find("[data-testid=field-server]").GetAttribute("data-required"));
        Assert.Contains("No value is stored.", page.Find("[data-testid=field-apiKey]").TextContent);
    }

    [Fact]
    public async Task A_saved_secret_is_never_rendered_and_the_form_says_a_value_is_stored()
    {
        const string secret = "Mail#Secret-42";
        await InstallAsync(TestPackages.Mail);
        SignInAs(Roles.Administrator);
        var page = RenderPage<PlugInsPage>().Page;
        page.WaitForElement("[data-testid=plugins] tbody tr");
        await page.ClickAsync("Configure");
        page.WaitForElement("[data-testid=settings-panel]");

        page.Field("SMTP host").Change("smtp.example.org");
        page.Field("Sender address").Change("orchestrator@example.org");
        page.Field("Password").Change(secret);
        await page.ClickAsync("Save");

        page.WaitForAssertion(() => Assert.Contains("A value is stored — leave blank to keep it.", page.Find("[data-testid=field-password]").TextContent));
        Assert.DoesNotContain(secret, page.Markup);
        Assert.Equal(string.Empty, page.Field("Password").GetAttribute("value") ?? string.Empty);
        Assert.Equal("complete", Cell(page.Find("[data-testid=plugins] tbody tr"), "plugin-settings-state"));
        var saved = await Plugins.GetConfigurationAsync("com.vmware.o11n.mail", Cancellation);
        Assert.Equal("smtp.example.org", saved.Values["smtpHost"]!.GetValue<string>());
        Assert.True(saved.Values["passwordHasValue"]!.GetValue<bool>());

        var reopened = RenderPage<PlugInsPage>().Page;
        reopened.WaitForElement("[data-testid=plugins] tbody tr");
        await reopened.ClickAsync("Configure");
        reopened.WaitForElement("[data-testid=settings-panel]");
        Assert.DoesNotContain(secret, reopened.Markup);
        Assert.Equal("smtp.example.org", reopened.Field("SMTP host").GetAttribute("value"));
    }

    [Fact]
    public async Task A_port_out_of_range_and_a_bad_host_show_their_messages_and_nothing_is_saved()
    {
        await InstallAsync(TestPackages.Mail);
        SignInAs(Roles.Administrator);
        var page = RenderPage<PlugInsPage>().Page;
        page.WaitForElement("[data-testid=plugins] tbody tr");
        await page.ClickAsync("Configure");
        page.WaitForElement("[data-testid=settings-panel]");
        var before = await Plugins.GetConfigurationAsync("com.vmware.o11n.mail", Cancellation);

        page.Field("SMTP port").Change("70000");
        page.Field("SMTP host").Change("bad host!");
        await page.ClickAsync("Save");

        page.WaitForAssertion(() => Assert.Contains("SMTP port must be a port between 1 and 65535.", page.Find("[data-testid=field-smtpPort]").TextContent));
        Assert.Contains("'bad host!' is not a valid host name or address.", page.Find("[data-testid=field-smtpHost]").TextContent);
        var after = await Plugins.GetConfigurationAsync("com.vmware.o11n.mail", Cancellation);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(25, after.Values["smtpPort"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_save_on_a_stale_revision_shows_the_conflict_and_keeps_the_input()
    {
        await InstallAsync(TestPackages.Mail);
        SignInAs(Roles.Administrator);
        var page = RenderPage<PlugInsPage>().Page;
        page.WaitForElement("[data-testid=plugins] tbody tr");
        await page.ClickAsync("Configure");
        page.WaitForElement("[data-testid=settings-panel]");
        page.Field("SMTP host").Change("mine.example.org");
        var configuration = Services.GetRequiredService<ConfigurationService>();
        var mail = await configuration.GetViewAsync("plugin.com.vmware.o11n.mail", Cancellation);
        await configuration.SaveAsync(OtherAdministrator, mail.Section, new() { ["smtpHost"] = "theirs.example.org" }, mail.Version, null, Cancellation);

        await page.ClickAsync("Save");

        page.WaitForAssertion(() => Assert.Contains("The Mail settings were changed by", page.Find("[data-testid=conflict]").TextContent));
        Assert.Equal("mine.example.org", page.Field("SMTP host").GetAttribute("value"));
        Assert.Equal("theirs.example.org", (await Plugins.GetConfigurationAsync("com.vmware.o11n.mail", Cancellation)).Values["smtpHost"]!.GetValue<string>());

        await page.ClickAsync("Load the saved values");

        page.WaitForAssertion(() => Assert.Equal("theirs.example.org", page.Field("SMTP host").GetAttribute("value")));
        Assert.Empty(page.FindAll("[data-testid=conflict]"));
    }

    private static string Cell(IElement row, string testId) => row.QuerySelector($"[data-testid={testId}]")!.TextContent.Trim();
}
