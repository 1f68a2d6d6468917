using OrchestratorConsole.Browser.Tests.Infrastructure;
using OrchestratorConsole.Browser.Tests.Pages;
using OrchestratorConsole.Testing;
using static Microsoft.Playwright.Assertions;

namespace OrchestratorConsole.Browser.Tests.Features.Notifications;

/// <summary>An administrator adds a webhook on the Notifications tab, saves it with a secret and sends a test event to a receiver on loopback.</summary>
public sealed class NotificationsTabTests(ConsoleFixture fixture) : BrowserTest<ConsoleFixture>(fixture), IClassFixture<ConsoleFixture>
{
    private const string Secret = "browser-webhook-secret-1";

    [Fact]
    public async Task An_administrator_adds_a_webhook_saves_it_and_sends_a_signed_test_event()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await LogInAsAdministratorAsync();
        var tab = await new NotificationsTab(Page).GotoAsync();

        await tab.AddWebhook.ClickAsync();
        await AuthenticationTab.TypeAsync(tab.WebhookUrl(0), receiver.Url);
        await tab.Event(0, "certificateExpiring").UncheckAsync();
        await AuthenticationTab.TypeAsync(tab.Secret, Secret);
        await tab.SaveButton.ClickAsync();

        await Expect(tab.SavedVersion).ToContainTextAsync($"saved by {ConsoleFixture.AdminName}");
        await Expect(tab.Secret).ToHaveValueAsync(string.Empty);
        await Expect(tab.Secret).ToHaveAttributeAsync("data-stored", "true");

        await tab.SendTest.ClickAsync();
        await Expect(tab.TestResult).ToContainTextAsync("Every webhook (1) took the test event.");
        var delivery = Assert.Single(receiver.Received);
        Assert.Equal("test", delivery.Event);
        Assert.True(delivery.IsSignedWith(Secret));

        using var admin = await NodeApi.SignInAsync(Node, TestContext.Current.CancellationToken);
        var saved = await admin.GetJsonAsync("/api/configuration/notifications", TestContext.Current.CancellationToken);
        Assert.Equal(["failover", "nodeFailed", "nodeReturned", "syncRequired"], saved["webhooks"]![0]!["events"]!.AsArray().Select(e => (string?)e));
        await Screenshots.SaveAsync(Page, "notifications-tab");
    }
}
