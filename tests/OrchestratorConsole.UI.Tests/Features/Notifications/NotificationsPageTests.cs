using Bunit;
using Microsoft.Extensions.DependencyInjection;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Notifications;
using OrchestratorConsole.Testing;
using OrchestratorConsole.UI.Features.Notifications;
using OrchestratorConsole.UI.Features.Troubleshooting.Components;

namespace OrchestratorConsole.UI.Tests.Features.Notifications;

public sealed class NotificationsPageTests : ConsoleTestContext
{
    private const string Secret = "Webhook-Signing-S3cret!";
    private static readonly Actor OtherAdministrator = new("other-admin", new HashSet<string> { Roles.Administrator });

    [Fact]
    public async Task The_saved_webhooks_are_shown_and_the_secret_never_is()
    {
        await SaveElsewhereAsync(new Webhook { Url = "https://alerts.example.com/hook", Events = [NotificationEvents.Failover, NotificationEvents.NodeFailed] });
        SignInAs(Roles.Administrator);

        var page = RenderPage<NotificationsPage>().Page;

        page.WaitForElement("[data-testid=saved-version]");
        Assert.Equal("https://alerts.example.com/hook", page.Field("Webhook URL 1").GetAttribute("value"));
        Assert.Equal("true", Checked(page, "failover"));
        Assert.Equal("false", Checked(page, "syncRequired"));
        var secret = page.Find("[data-testid=notifications-secret]");
        Assert.Equal("password", secret.GetAttribute("type"));
        Assert.Equal("true", secret.GetAttribute("data-stored"));
        Assert.DoesNotContain(Secret, page.Markup);
    }

    [Fact]
    public async Task Saving_sends_the_webhooks_with_their_events_and_keeps_the_stored_secret()
    {
        await SaveElsewhereAsync(new Webhook { Url = "https://alerts.example.com/hook", Events = [NotificationEvents.Failover] });
        SignInAs(Roles.Administrator);
        var page = RenderPage<NotificationsPage>().Page;
        page.WaitForElement("[data-testid=saved-version]");

        await page.InvokeAsync(() => page.Find("[data-testid=notifications-add-webhook]").Click());
        page.Field("Webhook URL 2").Change("http://127.0.0.1:9000/pager");
        await page.InvokeAsync(() => page.Find("[data-testid=notifications-webhook-1-certificateExpiring]").Change(false));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=notifications-test-unsaved]")));
        await page.InvokeAsync(() => page.Find("[data-testid=notifications-save]").Click());

        page.WaitForAssertion(() => Assert.Contains("Version 3, saved by vmware", page.Find("[data-testid=saved-version]").TextContent));
        var saved = (await Node.GetRequiredService<ConfigurationService>().GetAsync<NotificationSettings>(Cancellation)).Settings;
        Assert.Equal(["https://alerts.example.com/hook", "http://127.0.0.1:9000/pager"], saved.Webhooks.Select(w => w.Url));
        Assert.Equal(["failover", "nodeFailed", "nodeReturned", "syncRequired"], saved.Webhooks[1].Events);
        Assert.Equal(Secret, saved.Secret);
    }

    [Fact]
    public async Task A_bad_address_is_refused_naming_the_webhook_and_nothing_is_saved()
    {
        await SaveElsewhereAsync(new Webhook { Url = "https://alerts.example.com/hook", Events = [NotificationEvents.Failover] });
        SignInAs(Roles.Administrator);
        var page = RenderPage<NotificationsPage>().Page;
        page.WaitForElement("[data-testid=saved-version]");

        page.Field("Webhook URL 1").Change("ftp://alerts.example.com/hook");
        await page.InvokeAsync(() => page.Find("[data-testid=notifications-save]").Click());

        page.WaitForAssertion(() => Assert.Contains("Webhook 1 ('ftp://alerts.example.com/hook') is not an http:// or https:// address", page.Find("[data-testid=notifications-webhooks-error]").TextContent));
        var saved = await Node.GetRequiredService<ConfigurationService>().GetAsync<NotificationSettings>(Cancellation);
        Assert.Equal(2, saved.Version);
        Assert.Equal("https://alerts.example.com/hook", saved.Settings.Webhooks[0].Url);
    }

    [Fact]
    public async Task Send_test_event_shows_what_each_webhook_answered()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await SaveElsewhereAsync(new Webhook { Url = receiver.Url, Events = [NotificationEvents.Failover] });
        SignInAs(Roles.Administrator);
        var page = RenderPage<NotificationsPage>().Page;
        page.WaitForElement("[data-testid=saved-version]");

        await page.InvokeAsync(() => page.Find("[data-testid=notifications-send-test]").Click());

        page.WaitForAssertion(() => Assert.Contains("Every webhook (1) took the test event.", page.Find("[data-testid=notifications-test-result]").TextContent));
        var delivery = Assert.Single(receiver.Received);
        Assert.True(delivery.IsSignedWith(Secret));
    }

    [Fact]
    public async Task A_Reviewer_sees_the_webhooks_but_cannot_change_or_test_them()
    {
        await SaveElsewhereAsync(new Webhook { Url = "https://alerts.example.com/hook", Events = [NotificationEvents.Failover] });
        SignInAs(Roles.Reviewer);

        var page = RenderPage<NotificationsPage>().Page;

        page.WaitForElement("[data-testid=saved-version]");
        Assert.True(page.Field("Webhook URL 1").HasAttribute("disabled"));
        Assert.Empty(page.FindAll("[data-testid=notifications-save]"));
        Assert.Empty(page.FindAll("[data-testid=notifications-send-test]"));
        Assert.Empty(page.FindAll("[data-testid=notifications-add-webhook]"));
        Assert.Contains("only an Administrator can change them", page.Markup);
    }

    [Fact]
    public void The_troubleshooting_card_says_a_node_whose_server_is_stopped_does_not_send()
    {
        SignInAs(Roles.Reviewer);

        var card = Render<NotificationDeliveries>();

        Assert.Contains("This node is not Active", card.Find("[data-testid=notification-sender]").TextContent);
    }

    private static string? Checked(IRenderedComponent<Microsoft.AspNetCore.Components.IComponent> page, string name) =>
        page.Find($"[data-testid=notifications-webhook-0-{name}]") is var box && (box.HasAttribute("checked") || box.GetAttribute("aria-checked") == "true") ? "true" : "false";

    private async Task SaveElsewhereAsync(params Webhook[] webhooks)
    {
        var configuration = Node.GetRequiredService<ConfigurationService>();
        var current = await configuration.GetAsync<NotificationSettings>(Cancellation);
        await configuration.SaveAsync(OtherAdministrator, new NotificationSettings { Webhooks = webhooks, Secret = Secret }, current.Version, null, Cancellation);
    }
}
