using OrchestratorConsole.Core.Features.Database;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.UI.Features.Database;

namespace OrchestratorConsole.UI.Tests.Features.Database;

public sealed class DatabasePageTests : ConsoleTestContext
{
    [Fact]
    public void A_fresh_node_shows_the_embedded_database_green()
    {
        SignInAs(Roles.Administrator);

        var page = RenderPage<DatabasePage>().Page;

        var state = page.WaitForElement("[data-testid=section-state]");
        Assert.Equal("true", state.GetAttribute("data-valid"));
        Assert.False(page.HasField("Host"));
        Assert.True(page.HasButton("Save"));
        Assert.True(page.HasButton("Test connection"));
        Assert.True(page.HasButton("Install database"));
    }

    [Fact]
    public void Switching_to_PostgreSQL_shows_its_fields_with_the_default_port()
    {
        SignInAs(Roles.Administrator);
        var rendered = RenderPage<DatabasePage>();

        ChooseType(rendered, "PostgreSQL");

        var page = rendered.Page;
        foreach (var label in new[] { "Host", "Port", "Database name", "User name", "Password", "TLS mode" })
        {
            Assert.True(page.HasField(label), $"The field '{label}' is missing.");
        }

        Assert.False(page.HasField("Instance"));
        Assert.False(page.HasField("Domain"));
        Assert.Equal("5432", page.Field("Port").GetAttribute("placeholder"));
        Assert.Equal("password", page.Field("Password").GetAttribute("type"));
    }

    [Fact]
    public void Switching_to_SQL_Server_adds_instance_domain_and_NTLMv2_with_port_1433()
    {
        SignInAs(Roles.Administrator);
        var rendered = RenderPage<DatabasePage>();

        ChooseType(rendered, "SQL Server");

        var page = rendered.Page;
        Assert.True(page.HasField("Instance"));
        Assert.True(page.HasField("Domain"));
        Assert.True(page.HasField("Use NTLMv2"));
        Assert.Equal("1433", page.Field("Port").GetAttribute("placeholder"));
    }

    [Fact]
    public async Task Saving_without_a_host_shows_the_field_message_and_saves_nothing()
    {
        SignInAs(Roles.Administrator);
        var rendered = RenderPage<DatabasePage>();
        ChooseType(rendered, "PostgreSQL");
        var page = rendered.Page;
        page.Field("Database name").Change("orchestrator");
        page.Field("User name").Change("orch");

        await page.ClickAsync("Save");

        page.WaitForAssertion(() => Assert.Contains("The database host is required.", page.Markup));
        Assert.DoesNotContain("The database name is required.", page.Markup);
        var saved = await Node.GetRequiredService<ConfigurationService>().GetAsync<DatabaseSettings>(Cancellation);
        Assert.Equal(1, saved.Version);
        Assert.Equal(DatabaseType.Embedded, saved.Settings.Type);
    }

    [Fact]
    public void A_reviewer_sees_the_values_disabled_and_no_buttons_that_change_anything()
    {
        SignInAs(Roles.Reviewer, "reviewer");

        var page = RenderPage<DatabasePage>().Page;

        page.WaitForElement("[data-testid=section-state]");
        Assert.False(page.HasButton("Save"));
        Assert.False(page.HasButton("Test connection"));
        Assert.False(page.HasButton("Install database"));
        Assert.False(page.HasButton("Update database"));
        Assert.True(page.Field("Database type").HasAttribute("disabled"));
        Assert.Contains("only an Administrator can change them", page.Markup);
    }

    [Fact]
    public async Task A_reviewer_sees_saved_PostgreSQL_fields_disabled()
    {
        await SavePostgresAsync("S3cret-Value!");
        SignInAs(Roles.Support, "support");

        var page = RenderPage<DatabasePage>().Page;

        page.WaitForElement("[data-testid=section-state]");
        Assert.Equal("127.0.0.1", page.Field("Host").GetAttribute("value"));
        foreach (var label in new[] { "Host", "Port", "Database name", "User name", "Password", "TLS mode" })
        {
            Assert.True(page.Field(label).HasAttribute("disabled"), $"The field '{label}' is editable.");
        }

        Assert.False(page.HasButton("Save"));
        Assert.False(page.HasButton("Test connection"));
    }

    [Fact]
    public async Task Test_connection_to_a_closed_port_shows_the_plain_refusal()
    {
        SignInAs(Roles.Administrator);
        var rendered = RenderPage<DatabasePage>();
        ChooseType(rendered, "PostgreSQL");
        var page = rendered.Page;
        page.Field("Host").Change("127.0.0.1");
        page.Field("Port").Change("1");
        page.Field("Database name").Change("orchestrator");
        page.Field("User name").Change("orch");
        page.Field("Password").Change("Unsaved-Pass1!");

        await page.ClickAsync("Test connection");

        page.WaitForAssertion(() => Assert.Contains("Nothing accepts connections at 127.0.0.1:1", page.Find("[data-testid=test-result]").TextContent));
        Assert.Contains("The connection test failed.", page.Markup);
        Assert.Contains("failed", page.Find("[data-testid=test-result] [data-ok=false]").TextContent);
        Assert.DoesNotContain("   at ", page.Markup);
    }

    [Fact]
    public async Task The_password_is_never_rendered_after_a_save()
    {
        const string password = "S3cret-Value!";
        SignInAs(Roles.Administrator);
        var rendered = RenderPage<DatabasePage>();
        ChooseType(rendered, "PostgreSQL");
        var page = rendered.Page;
        page.Field("Host").Change("127.0.0.1");
        page.Field("Port").Change("1");
        page.Field("Database name").Change("orchestrator");
        page.Field("User name").Change("orch");
        page.Field("Password").Change(password);

        await page.ClickAsync("Save");

        page.WaitForAssertion(() => Assert.Contains("Version 2", page.Find("[data-testid=saved-version]").TextContent));
        Assert.Contains("A password is stored — leave blank to keep it.", page.Markup);
        Assert.DoesNotContain(password, page.Markup);
        var saved = await Node.GetRequiredService<ConfigurationService>().GetAsync<DatabaseSettings>(Cancellation);
        Assert.Equal(password, saved.Settings.Password);

        var reopened = RenderPage<DatabasePage>().Page;
        reopened.WaitForElement("[data-testid=section-state]");
        Assert.DoesNotContain(password, reopened.Markup);
        Assert.Equal("false", reopened.Find("[data-testid=section-state]").GetAttribute("data-valid"));
    }

    [Fact]
    public async Task A_save_on_a_stale_version_shows_the_conflict_and_keeps_the_input()
    {
        SignInAs(Roles.Administrator);
        var rendered = RenderPage<DatabasePage>();
        ChooseType(rendered, "PostgreSQL");
        var page = rendered.Page;
        page.Field("Host").Change("db.example.org");
        page.Field("Database name").Change("orchestrator");
        page.Field("User name").Change("orch");
        await SavePostgresAsync("Other-Pass1!");
        page.WaitForAssertion(() => Assert.Equal("false", page.Find("[data-testid=section-state]").GetAttribute("data-valid")));

        await page.ClickAsync("Save");

        page.WaitForAssertion(() => Assert.Contains("changed by other-admin", page.Find("[data-testid=conflict]").TextContent));
        Assert.Equal("db.example.org", page.Field("Host").GetAttribute("value"));

        await page.ClickAsync("Load the saved values");

        page.WaitForAssertion(() => Assert.Equal("127.0.0.1", page.Field("Host").GetAttribute("value")));
        Assert.Contains("Version 2, saved by other-admin", page.Find("[data-testid=saved-version]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=conflict]"));
    }

    [Fact]
    public async Task Install_database_asks_first_then_shows_each_step_and_the_versions()
    {
        SignInAs(Roles.Administrator);
        var rendered = RenderPage<DatabasePage>();
        var page = rendered.Page;
        page.WaitForElement("[data-testid=section-state]");

        var target = Node.GetRequiredService<OrchestratorSchemaService>().TargetVersion;
        await page.StartClickButtonAsync("Install database");
        rendered.Dialogs.WaitForAssertion(() => Assert.Contains($"the schema goes to version {target}", rendered.Dialogs.Markup));
        await rendered.Dialogs.AnswerAsync("Install database");

        var progress = page.WaitForElement("[data-testid=install-progress]");
        page.WaitForAssertion(() => Assert.Contains($"Schema version {target} is current.", page.Find("[data-testid=install-progress]").TextContent));
        Assert.Contains($"Schema version {target} → target version {target}", page.Find("[data-testid=install-progress]").TextContent);
        Assert.Contains("Connecting to the database", progress.TextContent);
        Assert.Equal("true", page.Find("[data-testid=section-state]").GetAttribute("data-valid"));
    }

    private async Task SavePostgresAsync(string password)
    {
        var configuration = Node.GetRequiredService<ConfigurationService>();
        var current = await configuration.GetAsync<DatabaseSettings>(Cancellation);
        var admin = new Actor("other-admin", new HashSet<string> { Roles.Administrator });
        await configuration.SaveAsync(admin, new DatabaseSettings { Type = DatabaseType.PostgreSQL, Host = "127.0.0.1", Port = 1, DatabaseName = "orchestrator", UserName = "orch", Password = password }, current.Version, "set up elsewhere", Cancellation);
    }

    private static void ChooseType(ConsolePage<DatabasePage> rendered, string type)
    {
        rendered.Page.WaitForElement("[data-testid=section-state]");
        Choose(rendered, "database-type", type);
        rendered.Page.WaitForAssertion(() => Assert.Equal(type == "Embedded", !rendered.Page.HasField("Host")));
    }

    internal static void Choose(ConsolePage<DatabasePage> rendered, string testId, string item) => rendered.Choose(testId, item);

    internal static void ChoosePostgres(ConsolePage<DatabasePage> rendered) => ChooseType(rendered, "PostgreSQL");
}
