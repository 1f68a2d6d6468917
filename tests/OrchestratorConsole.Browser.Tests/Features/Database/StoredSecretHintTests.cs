using System.Text.Json.Nodes;
using OrchestratorConsole.Browser.Tests.Infrastructure;
using OrchestratorConsole.Browser.Tests.Pages;
using OrchestratorConsole.Testing;
using static Microsoft.Playwright.Assertions;

namespace OrchestratorConsole.Browser.Tests.Features.Database;

/// <summary>How to keep a stored password is said to whoever may edit it; a reviewer only learns that one is stored.</summary>
public sealed class StoredSecretHintTests(ConsoleFixture fixture) : BrowserTest<ConsoleFixture>(fixture), IClassFixture<ConsoleFixture>
{
    [Theory]
    [InlineData("Reviewer", "A password is stored.", 0)]
    [InlineData("Administrator", "A password is stored — leave blank to keep it.", 1)]
    public async Task The_stored_password_hint_fits_the_role(string role, string hint, int keepHints)
    {
        var ct = TestContext.Current.CancellationToken;
        using (var admin = await NodeApi.SignInAsync(Node, ct))
        {
            await admin.SaveSectionAsync("database", new JsonObject
            {
                ["type"] = "PostgreSQL", ["host"] = "db.example.com", ["databaseName"] = "vco", ["userName"] = "vco", ["password"] = "Stored#Secret1",
            }, ct);
        }

        var user = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}"[..20];
        await Node.CreateAccountAsync(ConsoleFixture.AdminName, ConsoleFixture.AdminPassword, user, "Hint#Reader1", role, ct);
        var overview = await LogInAsync(user, "Hint#Reader1");
        await overview.OpenAsync("Database");
        await Expect(new DatabaseTab(Page).Heading).ToBeVisibleAsync();

        await Expect(Page.GetByText(hint, new() { Exact = true })).ToBeVisibleAsync();
        await Expect(Page.GetByText("leave blank to keep it")).ToHaveCountAsync(keepHints);
    }
}
