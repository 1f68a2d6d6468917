using Microsoft.Playwright;

namespace OrchestratorConsole.Browser.Tests.Pages;

/// <summary>/notifications: the webhooks, their events, the signing secret and the test event.</summary>
public sealed class NotificationsTab(IPage page) : ConsoleShell(page)
{
    public const string Path = "/notifications";

    public ILocator Heading => Page.GetByRole(AriaRole.Heading, new() { Name = "Notifications", Level = 1 });

    public ILocator AddWebhook => Page.GetByTestId("notifications-add-webhook");

    public ILocator WebhookUrl(int index) => Page.GetByTestId($"notifications-webhook-url-{index}");

    public ILocator Event(int index, string name) => Page.GetByTestId($"notifications-webhook-{index}-{name}");

    public ILocator Secret => Page.GetByTestId("notifications-secret");

    public ILocator SaveButton => Page.GetByTestId("notifications-save");

    public ILocator SavedVersion => Page.GetByTestId("saved-version");

    public ILocator SendTest => Page.GetByTestId("notifications-send-test");

    public ILocator TestResult => Page.GetByTestId("notifications-test-result");

    public async Task<NotificationsTab> GotoAsync()
    {
        await Page.GotoAsync(Path);
        await WaitForInteractiveAsync();
        await Heading.WaitForAsync();
        return this;
    }
}
