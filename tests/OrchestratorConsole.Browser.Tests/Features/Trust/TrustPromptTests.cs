using OrchestratorConsole.Browser.Tests.Infrastructure;
using OrchestratorConsole.Browser.Tests.Pages;
using OrchestratorConsole.Testing;
using static Microsoft.Playwright.Assertions;

namespace OrchestratorConsole.Browser.Tests.Features.Trust;

/// <summary>Join over HTTPS in the browser: the other node's certificate is shown, approved, and then listed on both nodes' terms.</summary>
public sealed class TrustPromptTests(ConsoleFixture fixture) : BrowserTest<ConsoleFixture>(fixture), IClassFixture<ConsoleFixture>
{
    [Fact]
    public async Task Join_shows_the_other_node_s_certificate_and_joins_once_it_is_trusted()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var other = await ConsoleNode.StartWithHttpsAsync(NodeApi.AdminSettings, ct);
        using var otherApi = await NodeApi.SignInAsync(other, ct);
        using var thisApi = await NodeApi.SignInAsync(Node, ct);
        var otherSha256 = (string)(await otherApi.GetJsonAsync("/api/certificate", ct))["sha256"]!;
        var thisSha256 = (string)(await thisApi.GetJsonAsync("/api/certificate", ct))["sha256"]!;

        var shell = await LogInAsAdministratorAsync();
        await shell.OpenAsync("Export and import");
        var transfer = new ExportImportPage(Page);
        await transfer.Heading.WaitForAsync();
        await transfer.JoinAsync(other.HttpsAddress!, NodeApi.AdminPassword);

        await Expect(transfer.CertificatePrompt).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(transfer.CertificatePrompt.GetByTestId("prompt-sha256")).ToHaveTextAsync(otherSha256);
        await Expect(transfer.JoinResult).ToHaveCountAsync(0);
        await transfer.CertificatePrompt.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Trust and join", Exact = true }).ClickAsync();
        await Expect(transfer.JoinResult).ToBeVisibleAsync(new() { Timeout = 120_000 });
        await Expect(transfer.CertificatePrompt).ToHaveCountAsync(0);

        await shell.OpenAsync("SSL trust");
        var trust = new TrustTab(Page);
        await trust.Heading.WaitForAsync();
        await Expect(trust.Entry(otherSha256)).ToContainTextAsync(other.HttpsAddress!.GetLeftPart(UriPartial.Authority));
        await Expect(trust.Entry(thisSha256)).ToBeVisibleAsync();

        await shell.OpenAsync("Server certificate");
        var certificate = new CertificateTab(Page);
        await certificate.Heading.WaitForAsync();
        await Expect(certificate.Sha256).ToHaveTextAsync(thisSha256);
    }
}
