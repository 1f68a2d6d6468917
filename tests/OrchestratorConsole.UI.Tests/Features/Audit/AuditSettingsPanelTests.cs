using Bunit;
using Microsoft.Extensions.DependencyInjection;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Core.Features.Audit;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.UI.Features.Audit;
using OrchestratorConsole.UI.Features.Audit.Components;

namespace OrchestratorConsole.UI.Tests.Features.Audit;

/// <summary>The audit section on the Audit page, and the forwarding state on the Troubleshooting tab.</summary>
public sealed class AuditSettingsPanelTests : ConsoleTestContext
{
    [Fact]
    public async Task An_administrator_saves_the_retention_and_the_syslog_host_and_they_apply_at_once()
    {
        var page = OpenAsAdministrator();

        page.Field("Retention (days)").Change("30");
        page.Field("Syslog host").Change("127.0.0.1");
        await page.ClickAsync("Save");

        page.WaitForAssertion(() => Assert.Contains("Version 2", page.Find("[data-testid=audit-settings]").TextContent));
        var saved = (await Node.GetRequiredService<ConfigurationService>().GetAsync<AuditSettings>(Cancellation)).Settings;
        Assert.Equal((30, "127.0.0.1", 514), (saved.RetentionDays, saved.SyslogHost, saved.Port));
        var status = await Node.GetRequiredService<AuditForwarder>().GetStatusAsync(Cancellation);
        Assert.Equal("tcp://127.0.0.1:514", status.Target);
    }

    [Fact]
    public async Task A_retention_beyond_its_bound_is_refused_naming_the_field()
    {
        var page = OpenAsAdministrator();

        page.Field("Retention (days)").Change("4000");
        await page.ClickAsync("Save");

        page.WaitForAssertion(() => Assert.Contains("Retention (days) must be between 1 and 3650", page.Find("[data-testid=audit-settings]").TextContent));
        Assert.Equal(365, (await Node.GetRequiredService<ConfigurationService>().GetAsync<AuditSettings>(Cancellation)).Settings.RetentionDays);
    }

    [Fact]
    public void A_reviewer_sees_the_audit_settings_but_cannot_change_them()
    {
        SignInAs(Roles.Reviewer, "reviewer");
        var page = RenderPage<AuditPage>().Page;

        page.WaitForAssertion(() => Assert.Contains("only an Administrator can change them", page.Find("[data-testid=audit-settings]").TextContent));
        Assert.False(page.HasButton("Save"));
    }

    [Fact]
    public void The_troubleshooting_panel_says_forwarding_is_off_with_its_bound_and_nothing_dropped()
    {
        SignInAs(Roles.Support, "support");
        var panel = Render<AuditForwardingPanel>();

        panel.WaitForAssertion(() => Assert.Contains("Off: no syslog host is set", panel.Find("[data-testid=audit-forwarding-target]").TextContent));
        // With forwarding off, the events of the node's start pass through the queue and are let go: the bound is what is fixed.
        Assert.EndsWith(" of at most 100000", panel.Find("[data-testid=audit-forwarding-queued]").TextContent, StringComparison.Ordinal);
        Assert.Equal("0", panel.Find("[data-testid=audit-forwarding-dropped]").TextContent);
    }

    private IRenderedComponent<AuditPage> OpenAsAdministrator()
    {
        SignInAs(Roles.Administrator);
        var page = RenderPage<AuditPage>().Page;
        page.WaitForAssertion(() => Assert.True(page.HasField("Retention (days)")));
        return page;
    }
}
