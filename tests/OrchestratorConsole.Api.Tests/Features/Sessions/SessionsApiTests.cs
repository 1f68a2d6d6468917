using System.Net;
using System.Text.Json.Nodes;
using OrchestratorConsole.Api.Tests.Infrastructure;

namespace OrchestratorConsole.Api.Tests.Features.Sessions;

/// <summary>GET and DELETE /api/sessions: an administrator sees and revokes everyone's, anyone else only their own.</summary>
public sealed class SessionsApiTests(ConsoleFactory console) : IClassFixture<ConsoleFactory>
{
    [Fact]
    public async Task A_token_is_listed_with_its_address_and_marked_current_for_its_caller()
    {
        var userName = await console.CreateAccountAsync("Support", "listed");
        using var user = await console.ClientAsync(userName, ConsoleFactory.UserPassword);

        var sessions = await user.GetArrayAsync("/api/sessions");

        var own = Assert.Single(sessions);
        Assert.Equal(userName, (string?)own!["userName"]);
        Assert.Equal("token", (string?)own["kind"]);
        Assert.True((bool)own["current"]!);
        Assert.False(string.IsNullOrEmpty((string?)own["id"]));
        // The test server has no remote address; the UI tests show a real one.
        Assert.True(own.AsObject().ContainsKey("remoteAddress"));
        Assert.NotNull(own["createdAt"]);
        Assert.NotNull(own["lastUsedAt"]);
        Assert.True(DateTimeOffset.Parse((string)own["expiresAt"]!, System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow);
    }

    [Theory]
    [InlineData("Reviewer")]
    [InlineData("Support")]
    public async Task A_non_administrator_sees_only_their_own_sessions(string role)
    {
        var other = await console.CreateAccountAsync("Support", "other");
        using var otherClient = await console.ClientAsync(other, ConsoleFactory.UserPassword);
        var userName = await console.CreateAccountAsync(role, "own");
        using var user = await console.ClientAsync(userName, ConsoleFactory.UserPassword);

        var sessions = await user.GetArrayAsync("/api/sessions");
        using var filtered = await user.Get($"/api/sessions?userName={other}");

        Assert.All(sessions, s => Assert.Equal(userName, (string?)s!["userName"]));
        Assert.Contains("Administrator", (await filtered.ShouldBeProblemAsync(HttpStatusCode.Forbidden)).Detail);
    }

    [Fact]
    public async Task An_administrator_sees_every_users_sessions_and_filters_by_user()
    {
        var userName = await console.CreateAccountAsync("Reviewer", "seen");
        using var user = await console.ClientAsync(userName, ConsoleFactory.UserPassword);
        using var admin = await console.AdminAsync();

        var all = await admin.GetArrayAsync("/api/sessions");
        var filtered = await admin.GetArrayAsync($"/api/sessions?userName={userName}");

        Assert.Contains(all, s => (string?)s!["userName"] == userName);
        Assert.Contains(all, s => (string?)s!["userName"] == ConsoleFactory.AdminName && (bool)s["current"]!);
        var only = Assert.Single(filtered);
        Assert.Equal(userName, (string?)only!["userName"]);
        Assert.False((bool)only["current"]!);
    }

    [Fact]
    public async Task A_revoked_token_gets_401_on_its_next_call_and_the_revocation_is_audited()
    {
        var userName = await console.CreateAccountAsync("Support", "revoked");
        using var user = await console.ClientAsync(userName, ConsoleFactory.UserPassword);
        await (await user.Get("/api/node")).ShouldBeOkAsync();
        using var admin = await console.AdminAsync();
        var id = await OnlySessionIdAsync(admin, userName);

        using var response = await admin.Delete($"/api/sessions/{id}");

        await response.ShouldBeAsync(HttpStatusCode.NoContent);
        await (await user.Get("/api/node")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Empty(await admin.GetArrayAsync($"/api/sessions?userName={userName}"));
        var audit = await admin.GetOkAsync("/api/audit?action=session.revoke");
        Assert.Contains(audit["items"]!.AsArray(), e => ((string?)e!["detail"])!.Contains(id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_user_revokes_their_own_token()
    {
        var userName = await console.CreateAccountAsync("Reviewer", "self");
        using var kept = await FreshClientAsync(userName);
        using var ended = await FreshClientAsync(userName);
        var endedId = (string)(await ended.GetArrayAsync("/api/sessions")).Single(s => (bool)s!["current"]!)!["id"]!;

        using var response = await kept.Delete($"/api/sessions/{endedId}");

        await response.ShouldBeAsync(HttpStatusCode.NoContent);
        await (await ended.Get("/api/node")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await (await kept.Get("/api/node")).ShouldBeOkAsync();
    }

    [Fact]
    public async Task A_reviewer_cannot_revoke_another_users_token_and_it_keeps_working()
    {
        var victim = await console.CreateAccountAsync("Support", "victim");
        using var victimClient = await console.ClientAsync(victim, ConsoleFactory.UserPassword);
        var reviewer = await console.CreateAccountAsync("Reviewer", "intruder");
        using var reviewerClient = await console.ClientAsync(reviewer, ConsoleFactory.UserPassword);
        using var admin = await console.AdminAsync();
        var id = await OnlySessionIdAsync(admin, victim);

        using var one = await reviewerClient.Delete($"/api/sessions/{id}");
        using var all = await reviewerClient.Delete($"/api/sessions?userName={victim}");

        // Someone else's session answers as an unknown one does, so its existence is not revealed.
        Assert.Contains(id, (await one.ShouldBeProblemAsync(HttpStatusCode.NotFound)).Detail);
        await all.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await victimClient.Get("/api/node")).ShouldBeOkAsync();
        Assert.Equal(id, await OnlySessionIdAsync(admin, victim));
    }

    [Fact]
    public async Task An_administrator_revokes_all_of_a_users_tokens()
    {
        var userName = await console.CreateAccountAsync("Support", "all");
        using var first = await FreshClientAsync(userName);
        using var second = await FreshClientAsync(userName);
        var bystander = await console.CreateAccountAsync("Support", "bystander");
        using var bystanderClient = await console.ClientAsync(bystander, ConsoleFactory.UserPassword);
        using var admin = await console.AdminAsync();
        Assert.Equal(2, (await admin.GetArrayAsync($"/api/sessions?userName={userName}")).Count);

        using var response = await admin.Delete($"/api/sessions?userName={userName}");

        await response.ShouldBeAsync(HttpStatusCode.NoContent);
        await (await first.Get("/api/node")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await (await second.Get("/api/node")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await (await bystanderClient.Get("/api/node")).ShouldBeOkAsync();
        Assert.Empty(await admin.GetArrayAsync($"/api/sessions?userName={userName}"));
        var audit = await admin.GetOkAsync("/api/audit?action=session.revoke-all");
        Assert.Contains(audit["items"]!.AsArray(), e => ((string?)e!["detail"])!.Contains(userName, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("t-999999999")]
    [InlineData("b-0123456789abcdef0123456789abcdef")]
    [InlineData("not-a-session")]
    public async Task An_unknown_id_gets_404_naming_it_and_nothing_changes(string id)
    {
        var userName = await console.CreateAccountAsync("Support", "unknown");
        using var user = await console.ClientAsync(userName, ConsoleFactory.UserPassword);
        using var admin = await console.AdminAsync();
        var before = await admin.GetArrayAsync("/api/sessions");

        using var response = await admin.Delete($"/api/sessions/{id}");

        Assert.Contains(id, (await response.ShouldBeProblemAsync(HttpStatusCode.NotFound)).Detail);
        Assert.Equal(Ids(before), Ids(await admin.GetArrayAsync("/api/sessions")));
        await (await user.Get("/api/node")).ShouldBeOkAsync();
    }

    [Fact]
    public async Task Revoking_all_without_a_user_or_for_an_unknown_user_is_refused()
    {
        using var admin = await console.AdminAsync();

        using var missing = await admin.Delete("/api/sessions");
        using var unknown = await admin.Delete("/api/sessions?userName=nobody-here");

        Assert.NotEmpty((await missing.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).ErrorsFor("userName"));
        Assert.Contains("nobody-here", (await unknown.ShouldBeProblemAsync(HttpStatusCode.NotFound)).Detail);
        await (await admin.Get("/api/node")).ShouldBeOkAsync();
    }

    /// <summary>A client with a token of its own (the factory's clients share one token per user).</summary>
    private async Task<HttpClient> FreshClientAsync(string userName) => console.WithToken(await console.IssueTokenAsync(userName, ConsoleFactory.UserPassword));

    private static async Task<string> OnlySessionIdAsync(HttpClient admin, string userName) =>
        (string)Assert.Single(await admin.GetArrayAsync($"/api/sessions?userName={userName}"))!["id"]!;

    private static string[] Ids(JsonArray sessions) => [.. sessions.Select(s => (string)s!["id"]!).Order(StringComparer.Ordinal)];
}
