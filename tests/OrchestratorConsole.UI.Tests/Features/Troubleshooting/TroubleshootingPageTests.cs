using Bunit;
using Microsoft.Extensions.DependencyInjection;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Core.Features.Audit;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.UI.Features.Troubleshooting;
using OrchestratorConsole.UI.Tests.Features.PlugIns;

namespace OrchestratorConsole.UI.Tests.Features.Troubleshooting;

public sealed class TroubleshootingPageTests : PluginTestContext
{
    [Fact]
    public async Task The_figures_of_this_node_count_a_save_made_elsewhere_once_refreshed()
    {
        SignInAs(Roles.Reviewer, "reviewer");
        var rendered = RenderPage<TroubleshootingPage>();
        var page = rendered.Page;
        page.WaitForElement("[data-testid=saves]");
        var before = long.Parse(page.Find("[data-testid=saves]").TextContent.Replace(",", string.Empty), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("Heartbeats sent", page.Find("[data-testid=heartbeats-sent]").ParentElement!.QuerySelector("th")!.TextContent);

        var configuration = Node.GetRequiredService<ConfigurationService>();
        var general = await configuration.GetAsync<GeneralSettings>(Cancellation);
        await configuration.SaveAsync(OtherAdministrator, general.Settings with { Description = "counted" }, general.Version, null, Cancellation);
        await page.StartClickButtonAsync("Refresh figures");

        page.WaitForAssertion(() => Assert.Equal((before + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), page.Find("[data-testid=saves]").TextContent.Replace(",", string.Empty)));
    }

    [Fact]
    public async Task Support_resets_the_current_version_after_a_confirmation_that_says_what_it_does()
    {
        SignInAs(Roles.Support, "support");
        var rendered = RenderPage<TroubleshootingPage>();
        var page = rendered.Page;
        page.WaitForAssertion(() => Assert.True(page.HasButton("Reset current version")));
        Assert.Equal("Troubleshooting", page.Find("h1").TextContent.Trim());
        Assert.Empty(page.FindAll("[data-testid=reset-pending]"));

        await page.StartClickButtonAsync("Reset current version");

        rendered.Dialogs.WaitForAssertion(() => Assert.Contains(
            "The next start of the Orchestrator server reinstalls the content of every enabled plug-in, even versions the database records as installed. Use it to repair altered content or after switching databases.",
            rendered.Dialogs.Find(".mud-dialog").TextContent));
        Assert.False(await Troubleshooting.IsResetPendingAsync(Cancellation));
        await rendered.Dialogs.AnswerAsync("Reset");

        page.WaitForElement("[data-testid=reset-pending]");
        Assert.Contains("the next start of the Orchestrator server reinstalls", page.Find("[data-testid=reset-pending]").TextContent);
        rendered.Snackbars.WaitForAssertion(() => Assert.Contains("Reset current version is set", rendered.Snackbars.Markup));
        Assert.True(await Troubleshooting.IsResetPendingAsync(Cancellation));
        var audit = await Node.GetRequiredService<AuditService>().QueryAsync(new AuditQuery(Action: "troubleshooting.reset-current-version"), Cancellation);
        Assert.Equal("support", Assert.Single(audit.Items).User);
    }

    [Fact]
    public async Task Cancelling_the_confirmation_sets_nothing()
    {
        SignInAs(Roles.Administrator);
        var rendered = RenderPage<TroubleshootingPage>();
        var page = rendered.Page;
        page.WaitForAssertion(() => Assert.True(page.HasButton("Reset current version")));

        await page.StartClickButtonAsync("Reset current version");
        rendered.Dialogs.WaitForAssertion(() => Assert.Contains("Reset current version?", rendered.Dialogs.Markup));
        await rendered.Dialogs.AnswerAsync("Cancel");

        rendered.Dialogs.WaitForAssertion(() => Assert.Empty(rendered.Dialogs.FindAll(".mud-dialog")));
        Assert.Empty(page.FindAll("[data-testid=reset-pending]"));
        Assert.False(await Troubleshooting.IsResetPendingAsync(Cancellation));
    }

    [Fact]
    public async Task A_pending_reset_shows_when_the_page_opens()
    {
        await Troubleshooting.ResetCurrentVersionAsync(OtherAdministrator, Cancellation);
        SignInAs(Roles.Reviewer, "reviewer");

        var page = RenderPage<TroubleshootingPage>().Page;

        page.WaitForElement("[data-testid=reset-pending]");
    }

    [Fact]
    public void A_reviewer_sees_no_Reset_button_but_can_generate_the_log_report()
    {
        SignInAs(Roles.Reviewer, "reviewer");

        var page = RenderPage<TroubleshootingPage>().Page;

        page.WaitForAssertion(() => Assert.True(page.HasButton("Generate log report")));
        Assert.False(page.HasButton("Reset current version"));
        Assert.Contains("Only an Administrator or Support can reset the current version.", page.Markup);
    }

    [Fact]
    public async Task Generate_log_report_hands_the_zip_to_the_browser_as_a_download()
    {
        SignInAs(Roles.Reviewer, "reviewer");
        var page = RenderPage<TroubleshootingPage>().Page;
        page.WaitForAssertion(() => Assert.True(page.HasButton("Generate log report")));

        await page.ClickAsync("Generate log report");

        page.WaitForAssertion(() => Assert.Contains("was downloaded", page.Find("[data-testid=report-result]").TextContent));
        var download = Assert.Single(JSInterop.Invocations, i => i.Identifier == "orchestratorConsole.downloadFile");
        var fileName = Assert.IsType<string>(download.Arguments[0]);
        Assert.StartsWith("orchestrator-log-report-", fileName);
        Assert.EndsWith(".zip", fileName);
        Assert.Equal("application/zip", download.Arguments[1]);
        Assert.Contains(fileName, page.Find("[data-testid=report-result]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=report-progress]"));
    }
}
