using AngleSharp.Dom;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.ConfigurationTransfer;
using OrchestratorConsole.UI.Features.ConfigurationTransfer;

namespace OrchestratorConsole.UI.Tests.Features.ConfigurationTransfer;

public sealed class ConfigurationTransferPageTests : TransferTestContext
{
    [Fact]
    public async Task Export_with_a_password_hands_the_browser_a_vmoconfig_file()
    {
        SignInAs(Roles.Administrator);
        var page = RenderTransferPage().Page;

        page.Field("Export password").Change(ExportPassword);
        page.Field("Confirm export password").Change(ExportPassword);
        await page.ClickAsync("Export configuration");

        page.WaitForAssertion(() => Assert.Contains("its secrets are encrypted with the export password", page.Find("[data-testid=export-result]").TextContent));
        var download = Assert.Single(JSInterop.Invocations["orchestratorConsole.downloadFile"]);
        Assert.EndsWith(ConfigurationFile.Extension, Assert.IsType<string>(download.Arguments[0]));
        Assert.Equal("application/json", download.Arguments[1]);
    }

    [Fact]
    public async Task Export_refuses_a_short_or_unconfirmed_password_and_downloads_nothing()
    {
        SignInAs(Roles.Administrator);
        var page = RenderTransferPage().Page;

        page.Field("Export password").Change("short");
        page.Field("Confirm export password").Change("other");
        await page.ClickAsync("Export configuration");

        page.WaitForAssertion(() => Assert.Contains("at least 8 characters", page.Markup));
        Assert.Contains("The two passwords differ.", page.Markup);
        Assert.Empty(JSInterop.Invocations["orchestratorConsole.downloadFile"]);
    }

    [Fact]
    public async Task Preview_shows_each_changed_field_against_this_node_and_keeps_General_disabled_without_override()
    {
        var (file, fileName) = await Transfer.ExportAsync(Admin, ExportPassword, Cancellation);
        await SaveAsync(new LogSettings { Level = "DEBUG" });
        await SaveAsync(new GeneralSettings { Name = "renamed-after-export" });
        SignInAs(Roles.Administrator);
        var page = RenderTransferPage().Page;

        await page.PreviewAsync(file, fileName, ExportPassword);

        var log = Section(page, "log");
        Assert.Equal("changes", log.QuerySelector("[data-testid=section-changes]")!.TextContent.Trim());
        var level = log.QuerySelector("tr[data-field=level]")!.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal(["Log level", "DEBUG", "INFO"], level);
        Assert.True(page.Field("Import Log").IsChecked());
        Assert.Equal("no changes", Section(page, "database").QuerySelector("[data-testid=section-changes]")!.TextContent.Trim());
        Assert.DoesNotContain("needs restart", Section(page, "database").TextContent);
        Assert.Contains("renamed-after-export", Section(page, "general").TextContent);
        Assert.True(page.Field("Import General").HasAttribute("disabled"));
        Assert.False(page.Field("Import General").IsChecked());

        page.Field("Override node identity").Change(true);

        page.WaitForAssertion(() => Assert.False(page.Field("Import General").HasAttribute("disabled")));
        Assert.True(page.Field("Import General").IsChecked());
    }

    [Fact]
    public async Task Preview_of_a_file_without_password_is_unauthenticated_asks_again_for_a_moved_secret_and_shows_secrets_only_as_set()
    {
        var configuration = Node.GetRequiredService<ConfigurationService>();
        var (file, fileName) = await ExportDatabaseThenMoveItAsync();
        SignInAs(Roles.Administrator);
        var page = RenderTransferPage().Page;

        await page.PreviewAsync(file, fileName, password: null);

        Assert.Contains("database.password", page.Find("[data-testid=secrets-to-reenter]").TextContent);
        Assert.Contains("Unauthenticated file", page.Find("[data-testid=unauthenticated]").TextContent);
        Assert.Contains("(host)", Section(page, "database").QuerySelector("[data-testid=secret-required][data-secret='database.password']")!.TextContent);
        Assert.True(page.HasField("password (required again)"));
        var host = Section(page, "database").QuerySelector("tr[data-field=host]")!.TextContent;
        Assert.Contains("db2.example.com", host);
        Assert.Contains("db.example.com", host);
        Assert.DoesNotContain("Secret#Db1", page.Markup);
        Assert.DoesNotContain("Other#Db2", page.Markup);
        Assert.Equal("db2.example.com", (await configuration.GetAsync<DatabaseSettings>(Cancellation)).Settings.Host);
    }

    [Fact]
    public async Task Apply_import_after_confirmation_creates_revisions_for_the_chosen_sections_and_says_a_restart_is_needed()
    {
        var configuration = Node.GetRequiredService<ConfigurationService>();
        await SaveAsync(new ClusterSettings { HeartbeatIntervalMs = 2000, FailoverHeartbeats = 6 });
        var (file, fileName) = await Transfer.ExportAsync(Admin, ExportPassword, Cancellation);
        await SaveAsync(new ClusterSettings { HeartbeatIntervalMs = 3000, FailoverHeartbeats = 8 });
        await SaveAsync(new LogSettings { Level = "DEBUG" });
        await SaveAsync(new GeneralSettings { Name = "keeps-its-name" });
        var revisionsBefore = (await configuration.History.ListRevisionsAsync(null, 0, 1, Cancellation)).Total;
        SignInAs(Roles.Administrator);
        var rendered = RenderTransferPage();
        var page = rendered.Page;
        await page.PreviewAsync(file, fileName, ExportPassword);
        page.Field("Import Log").Change(false);

        await page.StartClickButtonAsync("Apply import");
        rendered.Dialogs.WaitForAssertion(() => Assert.Contains("Server availability", rendered.Dialogs.Markup));
        await rendered.Dialogs.AnswerAsync("Apply");

        page.WaitForAssertion(() => Assert.Contains("Imported:", page.Find("[data-testid=import-result]").TextContent));
        Assert.Contains("Server availability", page.Find("[data-testid=import-result]").TextContent);
        Assert.DoesNotContain("cluster", page.Find("[data-testid=import-result]").TextContent.Split("revision")[0], StringComparison.Ordinal);
        Assert.Contains("A restart is needed", page.Find("[data-testid=restart-needed]").TextContent);
        Assert.Equal(2000, (await configuration.GetAsync<ClusterSettings>(Cancellation)).Settings.HeartbeatIntervalMs);
        Assert.Equal("DEBUG", (await configuration.GetAsync<LogSettings>(Cancellation)).Settings.Level);
        Assert.Equal("keeps-its-name", (await configuration.GetAsync<GeneralSettings>(Cancellation)).Settings.Name);
        var revisions = await configuration.History.ListRevisionsAsync(null, 0, 50, Cancellation);
        Assert.True(revisions.Total > revisionsBefore);
        Assert.Contains(revisions.Items, r => r.Section == ConfigurationRegistry.Cluster && r.Author == "vmware");
        Assert.DoesNotContain(revisions.Items.Take(revisions.Total - revisionsBefore), r => r.Section is ConfigurationRegistry.Log or ConfigurationRegistry.General);
    }

    [Fact]
    public async Task A_moved_secret_typed_again_in_the_preview_is_imported_and_one_left_empty_is_refused_by_name()
    {
        var configuration = Node.GetRequiredService<ConfigurationService>();
        var (file, fileName) = await ExportDatabaseThenMoveItAsync();
        SignInAs(Roles.Administrator);
        var rendered = RenderTransferPage();
        var page = rendered.Page;
        await page.PreviewAsync(file, fileName, password: null);

        await page.StartClickButtonAsync("Apply import");
        rendered.Dialogs.WaitForAssertion(() => Assert.Contains("Apply import?", rendered.Dialogs.Markup));
        await rendered.Dialogs.AnswerAsync("Apply");
        page.WaitForAssertion(() => Assert.Contains("The secret 'password' of the section 'database' is required again", page.Find("[data-testid=import-error]").TextContent));
        Assert.Equal("db2.example.com", (await configuration.GetAsync<DatabaseSettings>(Cancellation)).Settings.Host);

        page.Field("password (required again)").Change("Typed#Db3");
        await page.StartClickButtonAsync("Apply import");
        rendered.Dialogs.WaitForAssertion(() => Assert.Contains("Apply import?", rendered.Dialogs.Markup));
        await rendered.Dialogs.AnswerAsync("Apply");

        page.WaitForAssertion(() => Assert.Contains("Imported:", page.Find("[data-testid=import-result]").TextContent));
        var database = (await configuration.GetAsync<DatabaseSettings>(Cancellation)).Settings;
        Assert.Equal(("db.example.com", "Typed#Db3"), (database.Host, database.Password));
    }

    [Fact]
    public async Task A_wrong_password_shows_its_message_and_changes_nothing()
    {
        var configuration = Node.GetRequiredService<ConfigurationService>();
        var (file, fileName) = await Transfer.ExportAsync(Admin, ExportPassword, Cancellation);
        var revisionsBefore = (await configuration.History.ListRevisionsAsync(null, 0, 1, Cancellation)).Total;
        SignInAs(Roles.Administrator);
        var page = RenderTransferPage().Page;

        await page.SelectFileAsync(file, fileName);
        page.Field("File password").Change("Wrong#Pass1");
        await page.ClickAsync("Preview import");

        page.WaitForAssertion(() => Assert.Contains("The password is wrong", page.Find("[data-testid=import-error]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=import-preview]"));
        Assert.Equal(revisionsBefore, (await configuration.History.ListRevisionsAsync(null, 0, 1, Cancellation)).Total);
    }

    [Fact]
    public async Task An_altered_file_and_another_programs_JSON_each_show_their_own_message()
    {
        var (file, fileName) = await Transfer.ExportAsync(Admin, ExportPassword, Cancellation);
        var text = System.Text.Encoding.UTF8.GetString(file);
        var altered = System.Text.Encoding.UTF8.GetBytes(text.Replace("\"INFO\"", "\"WARN\"", StringComparison.Ordinal));
        Assert.NotEqual(file, altered);
        SignInAs(Roles.Administrator);
        var page = RenderTransferPage().Page;

        await page.SelectFileAsync(altered, fileName);
        page.Field("File password").Change(ExportPassword);
        await page.ClickAsync("Preview import");
        page.WaitForAssertion(() => Assert.Contains("altered or damaged", page.Find("[data-testid=import-error]").TextContent));

        await page.SelectFileAsync("""{"name":"something else","version":3}"""u8.ToArray(), "other.json");
        await page.ClickAsync("Preview import");
        page.WaitForAssertion(() => Assert.Contains("was it written by another program?", page.Find("[data-testid=import-error]").TextContent));

        await page.SelectFileAsync(file[..(file.Length / 2)], fileName);
        await page.ClickAsync("Preview import");
        page.WaitForAssertion(() => Assert.Contains("truncated", page.Find("[data-testid=import-error]").TextContent));
    }

    [Fact]
    public void A_reviewer_sees_that_only_an_administrator_may_export_or_import()
    {
        SignInAs(Roles.Reviewer, "reviewer");

        var page = RenderTransferPage().Page;

        page.WaitForElement("[data-testid=administrators-only]");
        Assert.False(page.HasButton("Export configuration"));
        Assert.False(page.HasButton("Preview import"));
        Assert.False(page.HasButton("Join"));
    }

    private async Task SaveAsync<T>(T settings)
        where T : class, ISectionSettings
    {
        var configuration = Node.GetRequiredService<ConfigurationService>();
        var current = await configuration.GetAsync<T>(Cancellation);
        await configuration.SaveAsync(Admin, settings, current.Version, null, Cancellation);
    }

    /// <summary>A password-less export with the database on db.example.com, after which this node's database moves to db2.example.com.</summary>
    private async Task<(byte[] File, string FileName)> ExportDatabaseThenMoveItAsync()
    {
        await SaveAsync(new DatabaseSettings { Type = DatabaseType.PostgreSQL, Host = "db.example.com", Port = 5432, DatabaseName = "orchestrator", UserName = "orch", Password = "Secret#Db1" });
        var export = await Transfer.ExportAsync(Admin, null, Cancellation);
        await SaveAsync(new DatabaseSettings { Type = DatabaseType.PostgreSQL, Host = "db2.example.com", Port = 5432, DatabaseName = "orchestrator", UserName = "orch", Password = "Other#Db2" });
        return export;
    }

    private static IElement Section(IRenderedComponent<ConfigurationTransferPage> page, string name) =>
        page.Find($"[data-testid=import-section][data-section={name}]");
}
