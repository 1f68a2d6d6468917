using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using OrchestratorConsole.Core.Features.PlugIns;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.UI.Features.PlugIns;

namespace OrchestratorConsole.UI.Tests.Features.PlugIns;

public sealed class PlugInsPageTests : PluginTestContext
{
    [Fact]
    public async Task An_installed_sample_is_listed_with_both_versions_its_missing_settings_and_its_content()
    {
        await InstallAsync(TestPackages.Mail);
        SignInAs(Roles.Administrator);

        var page = RenderPage<PlugInsPage>().Page;

        var row = page.WaitForElement("[data-testid=plugins] tbody tr");
        Assert.Equal("Plug-ins", page.Find("h1").TextContent.Trim());
        Assert.Contains("Mail", Cell(row, "plugin-name"));
        Assert.Contains("com.vmware.o11n.mail", row.TextContent);
        Assert.Equal("7.0.1", Cell(row, "plugin-version"));
        Assert.Equal("not yet — at next start", Cell(row, "plugin-in-database"));
        Assert.Equal("missing settings: SMTP host, Sender address", row.QuerySelector("[data-testid=missing-settings]")!.TextContent.Trim());
        Assert.Equal("3", Cell(row, "plugin-content"));
        var enabled = row.QuerySelector("[data-testid=plugin-enabled] input[role=switch]")!;
        Assert.Equal("Enable Mail", enabled.GetAttribute("aria-label"));
        Assert.Equal("true", enabled.GetAttribute("aria-checked"));
    }

    [Fact]
    public void Uploading_the_sample_installs_it_enabled_and_says_so()
    {
        SignInAs(Roles.Administrator);
        var page = RenderPage<PlugInsPage>().Page;
        page.WaitForAssertion(() => Assert.Contains("No plug-in is installed on this node.", page.Markup));

        Upload(page, TestPackages.Mail, "mail.vmoapp");

        page.WaitForAssertion(() => Assert.Equal("Mail installed at version 7.0.1.", page.Find("[data-testid=upload-result]").TextContent.Trim()));
        var row = page.Find("[data-testid=plugins] tbody tr");
        Assert.Equal("7.0.1", Cell(row, "plugin-version"));
        Assert.Contains("Enabled", Cell(row, "plugin-enabled"));
    }

    [Fact]
    public async Task Uploading_a_newer_version_says_from_which_version_it_was_upgraded()
    {
        await InstallAsync(TestPackages.Mail);
        SignInAs(Roles.Administrator);
        var page = RenderPage<PlugInsPage>().Page;
        page.WaitForElement("[data-testid=plugins] tbody tr");

        Upload(page, TestPackages.MailWith(m => m["version"] = "7.1.0"), "mail-7.1.0.vmoapp");

        page.WaitForAssertion(() => Assert.Equal("Mail upgraded from 7.0.1 to 7.1.0.", page.Find("[data-testid=upload-result]").TextContent.Trim()));
        Assert.Equal("7.1.0", Cell(page.Find("[data-testid=plugins] tbody tr"), "plugin-version"));
    }

    [Fact]
    public async Task An_older_version_asks_first_naming_both_versions_and_installs_only_after_yes()
    {
        await InstallAsync(TestPackages.MailWith(m => m["version"] = "7.1.0"));
        SignInAs(Roles.Administrator);
        var rendered = RenderPage<PlugInsPage>();
        var page = rendered.Page;
        page.WaitForElement("[data-testid=plugins] tbody tr");

        StartUpload(page, TestPackages.Mail, "mail.vmoapp");
        rendered.Dialogs.WaitForAssertion(() => Assert.Contains("Mail 7.1.0 is installed; installing 7.0.1 is a downgrade.", rendered.Dialogs.Markup));
        await rendered.Dialogs.AnswerAsync("Cancel");

        page.WaitForAssertion(() => Assert.Equal("mail.vmoapp was not installed.", page.Find("[data-testid=upload-error]").TextContent.Trim()));
        Assert.Equal("7.1.0", (await Plugins.ListAsync(Cancellation)).Single().Version);

        StartUpload(page, TestPackages.Mail, "mail.vmoapp");
        rendered.Dialogs.WaitForAssertion(() => Assert.Contains("a downgrade", rendered.Dialogs.Markup));
        await rendered.Dialogs.AnswerAsync("Install");

        page.WaitForAssertion(() => Assert.Equal("Mail downgraded from 7.1.0 to 7.0.1.", page.Find("[data-testid=upload-result]").TextContent.Trim()));
        Assert.Equal("7.0.1", (await Plugins.ListAsync(Cancellation)).Single().Version);
    }

    [Fact]
    public void A_package_name_with_markup_is_refused_and_the_refusal_is_shown_as_text()
    {
        var manifest = TestPackages.EveryFieldType();
        manifest["name"] = "<b>Evil</b>";
        SignInAs(Roles.Administrator);
        var page = RenderPage<PlugInsPage>().Page;
        page.WaitForAssertion(() => Assert.Contains("No plug-in is installed on this node.", page.Markup));

        Upload(page, TestPackages.Create(manifest), "evil.vmoapp");

        var error = page.WaitForElement("[data-testid=upload-error]");
        Assert.Contains("The name '<b>Evil</b>' contains markup or control characters", error.TextContent);
        Assert.Empty(page.FindAll("[data-testid=upload-error] b"));
        Assert.Contains("&lt;b&gt;Evil&lt;/b&gt;", page.Markup);
        Assert.Contains("No plug-in is installed on this node.", page.Markup);
    }

    [Fact]
    public void A_package_over_the_size_limit_is_refused_with_the_limit_named_and_nothing_is_installed()
    {
        Node.GetRequiredService<PluginPackageLimits>().MaxPackageBytes = 1024 * 1024;
        var oversized = new byte[(1024 * 1024) + 10];
        SignInAs(Roles.Administrator);
        var page = RenderPage<PlugInsPage>().Page;
        page.WaitForAssertion(() => Assert.Contains("No plug-in is installed on this node.", page.Markup));
        Assert.Contains("A .vmoapp package of at most 1 MB.", page.Find("[data-testid=upload-panel]").TextContent);

        Upload(page, oversized, "huge.vmoapp");

        page.WaitForAssertion(() => Assert.Equal("huge.vmoapp was not installed: the package is larger than the 1 MB limit.", page.Find("[data-testid=upload-error]").TextContent.Trim()));
        Assert.Contains("No plug-in is installed on this node.", page.Markup);
    }

    [Fact]
    public async Task Markup_in_a_description_is_shown_as_text_and_never_rendered()
    {
        var manifest = TestPackages.EveryFieldType("<b>x</b> <img src=x onerror=alert(1)>");
        manifest["configuration"]![0]!["description"] = "<i>shown as typed</i>";
        await InstallAsync(TestPackages.Create(manifest));
        SignInAs(Roles.Administrator);
        var page = RenderPage<PlugInsPage>().Page;

        var description = page.WaitForElement("[data-testid=plugin-description]");
        await page.ClickAsync("Configure");
        page.WaitForElement("[data-testid=settings-panel]");

        Assert.Equal("<b>x</b> <img src=x onerror=alert(1)>", description.TextContent.Trim());
        Assert.Empty(page.FindAll("[data-testid=plugins] b, [data-testid=plugins] img"));
        Assert.Contains("<i>shown as typed</i>", page.Find("[data-testid=field-title]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=settings-panel] i"));
    }

    [Fact]
    public async Task Disabling_keeps_the_package_and_uninstall_asks_first()
    {
        await InstallAsync(TestPackages.Mail);
        SignInAs(Roles.Administrator);
        var rendered = RenderPage<PlugInsPage>();
        var page = rendered.Page;
        page.WaitForElement("[data-testid=plugins] tbody tr");

        page.Find("[data-testid=plugin-enabled] input[type=checkbox]").Change(false);

        page.WaitForAssertion(() => Assert.Contains("Disabled", Cell(page.Find("[data-testid=plugins] tbody tr"), "plugin-enabled")));
        var plugin = (await Plugins.ListAsync(Cancellation)).Single();
        Assert.False(plugin.Enabled);
        Assert.Equal("7.0.1", plugin.Version);

        await page.StartClickButtonAsync("Uninstall");
        rendered.Dialogs.WaitForAssertion(() => Assert.Contains("This removes the Mail 7.0.1 package, its settings, and its content from the Orchestrator database.", rendered.Dialogs.Markup));
        await rendered.Dialogs.AnswerAsync("Uninstall");

        page.WaitForAssertion(() => Assert.Contains("No plug-in is installed on this node.", page.Markup));
        Assert.Empty(await Plugins.ListAsync(Cancellation));
    }

    [Theory]
    [InlineData(Roles.Reviewer)]
    [InlineData(Roles.Support)]
    public async Task Other_roles_see_everything_read_only_with_no_control_that_changes_anything(string role)
    {
        await InstallAsync(TestPackages.Mail);
        SignInAs(role, role.ToLowerInvariant());
        var page = RenderPage<PlugInsPage>().Page;

        var row = page.WaitForElement("[data-testid=plugins] tbody tr");
        Assert.Equal("7.0.1", Cell(row, "plugin-version"));
        Assert.Equal("Enabled", Cell(row, "plugin-enabled"));
        Assert.False(page.HasButton("Upload plug-in"));
        Assert.Empty(page.FindComponents<InputFile>());
        Assert.Empty(page.FindAll("[data-testid=plugins] input"));
        Assert.False(page.HasButton("Uninstall"));
        Assert.False(page.HasButton("Configure"));
        Assert.Contains("only an Administrator can install, enable, configure or uninstall them", page.Markup);

        await page.ClickAsync("View settings");

        page.WaitForElement("[data-testid=settings-panel]");
        Assert.Equal("25", page.Field("SMTP port").GetAttribute("value"));
        foreach (var label in new[] { "SMTP host", "SMTP port", "User name", "Password", "Sender address" })
        {
            Assert.True(page.Field(label).HasAttribute("disabled"), $"The field '{label}' is editable.");
        }

        Assert.True(page.Find("[data-testid=field-useSsl] input").HasAttribute("disabled"));
        Assert.False(page.HasButton("Save"));
    }

    private static void Upload(IRenderedComponent<PlugInsPage> page, byte[] package, string fileName) =>
        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(package, fileName));

    /// <summary>Uploads without waiting for the page's handler, which may be waiting for an answer in a dialog.</summary>
    private static void StartUpload(IRenderedComponent<PlugInsPage> page, byte[] package, string fileName) =>
        _ = Task.Run(() => Upload(page, package, fileName), Cancellation);

    private static string Cell(IElement row, string testId) => row.QuerySelector($"[data-testid={testId}]")!.TextContent.Trim();
}
