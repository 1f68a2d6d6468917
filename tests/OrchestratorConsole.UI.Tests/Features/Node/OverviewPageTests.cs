using System.Security.Cryptography.X509Certificates;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Core.Features.Certificates;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Database;
using OrchestratorConsole.Core.Features.PlugIns;
using OrchestratorConsole.Testing;
using OrchestratorConsole.UI.Features.Node;

namespace OrchestratorConsole.UI.Tests.Features.Node;

public sealed class OverviewPageTests : ConsoleTestContext
{
    [Fact]
    public void A_fresh_node_shows_every_section_green()
    {
        SignInAs(Roles.Reviewer, "reviewer");

        var page = RenderPage<OverviewPage>().Page;

        page.WaitForAssertion(() => Assert.Equal(ConfigurationRegistry.BuiltIn.Count + 1, page.FindAll("[data-testid^=section-]").Count));
        foreach (var section in ConfigurationRegistry.BuiltIn)
        {
            var item = page.Find($"[data-testid=section-{section.Name}]");
            Assert.Equal("true", item.GetAttribute("data-valid"));
            Assert.Contains($"{section.Title}: valid", item.TextContent);
        }

        Assert.Equal("/database", page.Find("[data-testid=section-database] a").GetAttribute("href"));
    }

    [Fact]
    public async Task A_certificate_that_ends_within_30_days_is_warned_about_and_one_that_ends_later_is_not()
    {
        SignInAs(Roles.Reviewer, "reviewer");
        var first = RenderPage<OverviewPage>().Page;
        first.WaitForElement("[data-testid^=section-]");
        Assert.Empty(first.FindAll("[data-testid=certificate-expiry]"));

        using var ending = TestCertificates.Server("CN=ending.example.com", notAfter: DateTimeOffset.UtcNow.AddDays(20));
        var administrator = new Actor("vmware", new HashSet<string> { Roles.Administrator });
        await Node.GetRequiredService<ServerCertificateService>().ImportAsync(administrator, ending.Export(X509ContentType.Pkcs12, "ending"), "ending", Cancellation);

        var page = RenderPage<OverviewPage>().Page;

        page.WaitForAssertion(() => Assert.Contains("expires on", page.Find("[data-testid=certificate-expiry]").TextContent));
        Assert.Contains("CN=ending.example.com", page.Find("[data-testid=certificate-expiry]").TextContent);
        Assert.Contains("in 20 days", page.Find("[data-testid=certificate-expiry]").TextContent);
        Assert.Equal("/certificate", page.Find("[data-testid=certificate-expiry] a").GetAttribute("href"));
    }

    [Fact]
    public async Task A_renewed_certificate_awaiting_approval_is_announced_with_a_link_to_SSL_trust()
    {
        SignInAs(Roles.Reviewer, "reviewer");
        using var renewed = TestCertificates.Server("CN=node2.example.com");
        await Node.GetRequiredService<OrchestratorConsole.Core.Features.Trust.TrustService>().RequestApprovalAsync(renewed, new string('d', 64), Guid.NewGuid(), "node-2", Cancellation);

        var page = RenderPage<OverviewPage>().Page;

        page.WaitForAssertion(() => Assert.Contains("Node node-2 renewed its certificate", page.Find("[data-testid=approval-awaited]").TextContent));
        Assert.Equal("/trust", page.Find("[data-testid=approval-awaited] a").GetAttribute("href"));
    }

    [Fact]
    public async Task A_section_with_a_broken_rule_is_red_and_says_what_is_wrong()
    {
        var configuration = Node.GetRequiredService<ConfigurationService>();
        var current = await configuration.GetAsync<DatabaseSettings>(Cancellation);
        await configuration.SaveAsync(new Actor("vmware", new HashSet<string> { Roles.Administrator }), new DatabaseSettings { Type = DatabaseType.PostgreSQL, Host = "127.0.0.1", Port = 1, DatabaseName = "orchestrator", UserName = "orch" }, current.Version, null, Cancellation);
        await Node.GetRequiredService<DatabaseStatusService>().RefreshAsync(Cancellation);
        SignInAs(Roles.Reviewer, "reviewer");

        var page = RenderPage<OverviewPage>().Page;

        page.WaitForAssertion(() => Assert.Equal("false", page.Find("[data-testid=section-database]").GetAttribute("data-valid")));
        page.WaitForAssertion(() => Assert.Contains("Nothing accepts connections at 127.0.0.1:1", page.Find("[data-testid=section-database]").TextContent));
        Assert.Equal("true", page.Find("[data-testid=section-general]").GetAttribute("data-valid"));
    }

    [Fact]
    public async Task A_plug_in_that_misses_a_required_setting_makes_the_plug_ins_row_amber_naming_it_and_nothing_red()
    {
        using (var package = new MemoryStream(OrchestratorConsole.Testing.PluginPackages.Sample("mail")))
        {
            await Node.GetRequiredService<PluginService>().InstallAsync(new Actor("vmware", new HashSet<string> { Roles.Administrator }), package, false, Cancellation);
        }

        SignInAs(Roles.Reviewer, "reviewer");

        var page = RenderPage<OverviewPage>().Page;

        page.WaitForAssertion(() => Assert.Equal("warning", page.Find("[data-testid=section-plugins]").GetAttribute("data-state")));
        var row = page.Find("[data-testid=section-plugins]");
        Assert.Equal("true", row.GetAttribute("data-valid"));
        Assert.Contains("Plug-ins: incomplete", row.TextContent);
        Assert.Equal(["Mail: SMTP host is required and not set.", "Mail: Sender address is required and not set."], page.FindAll("[data-testid=section-warning]").Select(w => w.TextContent.Trim()));
        Assert.Equal("/plugins", row.QuerySelector("a")!.GetAttribute("href"));
        Assert.Empty(page.FindAll("[data-state=invalid]"));
    }

    [Fact]
    public async Task An_open_overview_follows_a_section_saved_in_another_window()
    {
        SignInAs(Roles.Reviewer, "reviewer");
        var page = RenderPage<OverviewPage>().Page;
        page.WaitForAssertion(() => Assert.Equal("valid", page.Find("[data-testid=section-database]").GetAttribute("data-state")));

        var configuration = Node.GetRequiredService<ConfigurationService>();
        var current = await configuration.GetAsync<DatabaseSettings>(Cancellation);
        await configuration.SaveAsync(new Actor("other-admin", new HashSet<string> { Roles.Administrator }), new DatabaseSettings { Type = DatabaseType.PostgreSQL, Host = "127.0.0.1", Port = 1, DatabaseName = "orchestrator", UserName = "orch" }, current.Version, null, Cancellation);

        page.WaitForAssertion(() => Assert.Equal("invalid", page.Find("[data-testid=section-database]").GetAttribute("data-state")));
    }
}
