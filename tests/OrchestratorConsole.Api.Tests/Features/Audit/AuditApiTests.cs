using OrchestratorConsole.Api.Tests.Infrastructure;

namespace OrchestratorConsole.Api.Tests.Features.Audit;

public sealed class AuditApiTests(ConsoleFactory console) : IClassFixture<ConsoleFactory>
{
    [Fact]
    public async Task The_audit_filters_by_user_and_action()
    {
        var other = await console.CreateAccountAsync("Administrator", "auditor");
        using var admin = await console.AdminAsync();
        using var otherAdmin = await console.ClientAsync(other, ConsoleFactory.UserPassword);
        for (var i = 0; i < 3; i++)
        {
            await SaveDescriptionAsync(otherAdmin, $"by {other} {i}");
        }

        await SaveDescriptionAsync(admin, "by vmware");

        var saves = await admin.GetOkAsync($"/api/audit?user={other}&action=configuration.save");
        var everything = await admin.GetOkAsync($"/api/audit?user={other}");
        var logins = await admin.GetOkAsync($"/api/audit?user={other}&action=login");

        Assert.Equal(3, (int)saves["total"]!);
        Assert.All(saves["items"]!.AsArray(), e =>
        {
            Assert.Equal(other, (string?)e!["user"]);
            Assert.Equal("configuration.save", (string?)e["action"]);
            Assert.Equal("general", (string?)e["section"]);
        });
        Assert.True((int)everything["total"]! > 3, everything.ToJsonString());
        Assert.Contains(everything["items"]!.AsArray(), e => (string?)e!["action"] == "login");
        Assert.All(logins["items"]!.AsArray(), e => Assert.StartsWith("login", (string?)e!["action"]));
        Assert.DoesNotContain(saves["items"]!.AsArray(), e => (string?)e!["user"] == ConsoleFactory.AdminName);
    }

    [Fact]
    public async Task The_audit_pages_with_skip_and_take_newest_first()
    {
        using var admin = await console.AdminAsync();
        for (var i = 0; i < 5; i++)
        {
            await SaveDescriptionAsync(admin, $"paging {i} {Guid.NewGuid()}");
        }

        var first = await admin.GetOkAsync("/api/audit?action=configuration.save&take=2");
        var second = await admin.GetOkAsync("/api/audit?action=configuration.save&skip=2&take=2");
        var all = await admin.GetOkAsync("/api/audit?action=configuration.save&take=500");

        var total = (int)all["total"]!;
        Assert.True(total >= 5);
        Assert.Equal(total, (int)first["total"]!);
        Assert.Equal(total, (int)second["total"]!);
        Assert.Equal(2, (int)first["take"]!);
        Assert.Equal(2, (int)second["skip"]!);
        var ids = all["items"]!.AsArray().Select(e => (long)e!["id"]!).ToList();
        Assert.Equal(ids.OrderDescending(), ids);
        Assert.Equal(ids.Take(2), first["items"]!.AsArray().Select(e => (long)e!["id"]!));
        Assert.Equal(ids.Skip(2).Take(2), second["items"]!.AsArray().Select(e => (long)e!["id"]!));
    }

    [Fact]
    public async Task The_audit_filters_by_time()
    {
        using var admin = await console.AdminAsync();
        await SaveDescriptionAsync(admin, "before the window");
        var from = DateTimeOffset.UtcNow;
        await Task.Delay(50, TestContext.Current.CancellationToken);
        await SaveDescriptionAsync(admin, "inside the window");

        var window = await admin.GetOkAsync($"/api/audit?action=configuration.save&from={Uri.EscapeDataString(from.ToString("O"))}");
        var future = await admin.GetOkAsync($"/api/audit?from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(1).ToString("O"))}");

        Assert.Equal(1, (int)window["total"]!);
        Assert.Equal(0, (int)future["total"]!);
    }

    private static async Task SaveDescriptionAsync(HttpClient client, string description)
    {
        var general = await client.GetOkAsync("/api/configuration/general");
        using var response = await client.Put("/api/configuration/general", new { description, version = (int)general["version"]! });
        await response.ShouldBeOkAsync();
    }
}
