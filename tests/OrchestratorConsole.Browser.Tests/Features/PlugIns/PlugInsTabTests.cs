using Microsoft.Playwright;
using OrchestratorConsole.Browser.Tests.Infrastructure;
using OrchestratorConsole.Browser.Tests.Pages;
using OrchestratorConsole.Testing;
using static Microsoft.Playwright.Assertions;

namespace OrchestratorConsole.Browser.Tests.Features.PlugIns;

public sealed class PlugInsTabTests(ConsoleFixture fixture) : BrowserTest<ConsoleFixture>(fixture), IClassFixture<ConsoleFixture>
{
    private const string SmtpPassword = "Smtp#Secret-7";

    private static string MailPackage => Path.Combine(RepositoryPaths.Root, "artifacts", "samples", "mail.vmoapp");

    [Fact]
    public async Task An_administrator_installs_configures_and_disables_Mail_then_Support_resets_the_current_version_and_the_audit_shows_it()
    {
        var overview = await LogInAsAdministratorAsync();
        await overview.OpenAsync("Plug-ins");
        var plugins = new PlugInsTab(Page);
        await Expect(plugins.Heading).ToBeVisibleAsync();

        await plugins.UploadAsync(MailPackage);

        await Expect(plugins.UploadResult).ToHaveTextAsync("Mail installed at version 7.0.1.", new() { Timeout = 30_000 });
        var mail = plugins.Row("Mail");
        await Expect(mail).ToContainTextAsync("com.vmware.o11n.mail");
        await Expect(mail.GetByTestId("plugin-in-database")).ToHaveTextAsync("not yet — at next start");
        await Expect(PlugInsTab.SettingsState(mail)).ToHaveTextAsync("missing settings: SMTP host, Sender address");
        await Expect(plugins.EnabledSwitch("Mail")).ToBeCheckedAsync();

        await plugins.ConfigureAsync("Mail");
        await Expect(plugins.Field("SMTP port")).ToHaveValueAsync("25");
        await plugins.Field("SMTP host").FillAsync("smtp.example.org");
        await plugins.Field("Sender address").FillAsync("orchestrator@example.org");
        await plugins.Field("Password").FillAsync(SmtpPassword);
        await plugins.SaveButton.ClickAsync();

        await Expect(plugins.SettingsPanel).ToContainTextAsync("A value is stored — leave blank to keep it.");
        await Expect(plugins.Field("Password")).ToHaveValueAsync(string.Empty);
        await Expect(PlugInsTab.SettingsState(mail)).ToHaveTextAsync("complete");
        Assert.DoesNotContain(SmtpPassword, await Page.ContentAsync());

        // The port is a number the form holds as a long; the section stores it as the whole number it is.
        await plugins.Field("SMTP port").FillAsync("587");
        await plugins.SaveButton.ClickAsync();

        await Expect(Page.GetByText("The settings of Mail were saved.")).ToBeVisibleAsync();
        await Expect(plugins.SettingsPanel).Not.ToContainTextAsync("must be a port");
        using (var client = Node.CreateClient(await Node.GetTokenAsync(ConsoleFixture.AdminName, ConsoleFixture.AdminPassword, TestContext.Current.CancellationToken)))
        {
            var section = System.Text.Json.Nodes.JsonNode.Parse(await client.GetStringAsync("/api/configuration/plugin.com.vmware.o11n.mail", TestContext.Current.CancellationToken))!;
            Assert.Equal(587, (int)section["smtpPort"]!);
            var history = System.Text.Json.Nodes.JsonNode.Parse(await client.GetStringAsync("/api/configuration/revisions?section=plugin.com.vmware.o11n.mail", TestContext.Current.CancellationToken))!.AsArray();
            Assert.Equal(3, history.Count);
            Assert.Equal(ConsoleFixture.AdminName, (string?)history[0]!["author"]);
        }

        await plugins.EnabledSwitch("Mail").ClickAsync();

        await Expect(plugins.EnabledSwitch("Mail")).Not.ToBeCheckedAsync();
        await Expect(mail.GetByTestId("plugin-enabled")).ToContainTextAsync("Disabled");
        await Expect(mail.GetByTestId("plugin-in-database")).ToHaveTextAsync("not installed");
        await plugins.LogOutAsync();

        var support = $"support-{Guid.NewGuid():N}"[..20];
        const string supportPassword = "Support#Pass1";
        await Node.CreateAccountAsync(ConsoleFixture.AdminName, ConsoleFixture.AdminPassword, support, supportPassword, "Support", TestContext.Current.CancellationToken);
        var supportOverview = await LogInAsync(support, supportPassword);
        await supportOverview.OpenAsync("Troubleshooting");
        var troubleshooting = new TroubleshootingTab(Page);
        await Expect(troubleshooting.Heading).ToBeVisibleAsync();
        await Expect(troubleshooting.ResetPending).ToHaveCountAsync(0);

        await troubleshooting.ResetButton.ClickAsync();

        await Expect(troubleshooting.Dialog).ToContainTextAsync("The next start of the Orchestrator server reinstalls the content of every enabled plug-in, even versions the database records as installed.");
        await troubleshooting.ConfirmResetButton.ClickAsync();
        await Expect(troubleshooting.Dialog).ToHaveCountAsync(0);
        await Expect(troubleshooting.ResetPending).ToBeVisibleAsync();

        await supportOverview.OpenAsync("Audit");
        var audit = Page.GetByTestId("audit-events");
        var entry = audit.Locator("tr").Filter(new() { HasText = "troubleshooting.reset-current-version" });
        await Expect(entry).ToHaveCountAsync(1);
        await Expect(entry).ToContainTextAsync(support);
    }

    [Fact]
    public async Task A_reviewer_sees_no_upload_and_no_Reset_button()
    {
        var reviewer = $"reviewer-{Guid.NewGuid():N}"[..20];
        const string reviewerPassword = "Reviewer#Pass1";
        await Node.CreateAccountAsync(ConsoleFixture.AdminName, ConsoleFixture.AdminPassword, reviewer, reviewerPassword, "Reviewer", TestContext.Current.CancellationToken);

        var overview = await LogInAsync(reviewer, reviewerPassword);
        await overview.OpenAsync("Plug-ins");
        var plugins = new PlugInsTab(Page);
        await Expect(plugins.Heading).ToBeVisibleAsync();
        await Expect(plugins.Table).ToBeVisibleAsync();
        await Expect(plugins.UploadButton).ToHaveCountAsync(0);
        await Expect(Page.Locator("input[type=file]")).ToHaveCountAsync(0);

        await overview.OpenAsync("Troubleshooting");
        var troubleshooting = new TroubleshootingTab(Page);
        await Expect(troubleshooting.Heading).ToBeVisibleAsync();
        await Expect(troubleshooting.GenerateReportButton).ToBeVisibleAsync();
        await Expect(troubleshooting.ResetButton).ToHaveCountAsync(0);
    }
}
