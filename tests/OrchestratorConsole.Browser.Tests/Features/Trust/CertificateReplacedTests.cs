using System.Security.Cryptography.X509Certificates;
using Microsoft.Playwright;
using OrchestratorConsole.Browser.Tests.Infrastructure;
using OrchestratorConsole.Browser.Tests.Pages;
using OrchestratorConsole.Testing;
using static Microsoft.Playwright.Assertions;

namespace OrchestratorConsole.Browser.Tests.Features.Trust;

/// <summary>
/// A certificate imported while a browser is connected over HTTPS: the open session carries on, and the next
/// connection gets the new certificate, with no restart.
/// </summary>
public sealed class CertificateReplacedTests(CertificateReplacedTests.HttpsFixture fixture) : BrowserTest<CertificateReplacedTests.HttpsFixture>(fixture), IClassFixture<CertificateReplacedTests.HttpsFixture>
{
    [Fact]
    public async Task The_open_session_carries_on_and_the_next_connection_gets_the_new_certificate()
    {
        var ct = TestContext.Current.CancellationToken;
        var browser = await Fixture.GetBrowserAsync();
        await using var before = await HttpsContextAsync(browser);
        var open = await before.NewPageAsync();
        var firstSubject = await ServedSubjectAsync(before, open, async () => await open.GotoAsync("/account/login"));
        Assert.False(string.IsNullOrEmpty(firstSubject));
        await new LoginPage(open).LogInAsync(ConsoleFixture.AdminName, ConsoleFixture.AdminPassword);
        await open.WaitForURLAsync(url => new Uri(url).AbsolutePath == OverviewPage.Path);
        var shell = new OverviewPage(open);
        await shell.WaitForInteractiveAsync();

        using var replacement = TestCertificates.Server("CN=replaced-while-open.example.com");
        using (var admin = Node.CreateClient(await Node.GetTokenAsync(NodeApi.AdminName, NodeApi.AdminPassword, ct)))
        using (var response = await admin.PostCertificateAsync(replacement.Export(X509ContentType.Pkcs12, "open"), "open", ct))
        {
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(ct));
        }

        // The session opened before the import carries on, and its Server certificate tab shows the new one.
        await shell.OpenAsync("Server certificate");
        var tab = new CertificateTab(open);
        await tab.Heading.WaitForAsync();
        await Expect(open.GetByTestId("certificate-subject")).ToHaveTextAsync("CN=replaced-while-open.example.com");

        // A new connection is handed the new certificate.
        await using var after = await HttpsContextAsync(browser);
        var next = await after.NewPageAsync();
        var secondSubject = await ServedSubjectAsync(after, next, async () => await next.GotoAsync("/account/login"));
        Assert.Equal("replaced-while-open.example.com", secondSubject);
        Assert.NotEqual(firstSubject, secondSubject);
    }

    private async Task<IBrowserContext> HttpsContextAsync(IBrowser browser)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Node.HttpsAddress!.ToString().TrimEnd('/'),
            IgnoreHTTPSErrors = true,
            Locale = "en-US",
        });
        context.SetDefaultTimeout(20_000);
        return context;
    }

    /// <summary>The subject of the certificate the document's connection presented, as Chromium's network log reports it.</summary>
    private static async Task<string> ServedSubjectAsync(IBrowserContext context, IPage page, Func<Task> navigate)
    {
        var session = await context.NewCDPSessionAsync(page);
        var subject = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        session.Event("Network.responseReceived").OnEvent += (_, e) =>
        {
            if (e is { } received && received.GetProperty("type").GetString() == "Document"
                && received.GetProperty("response").TryGetProperty("securityDetails", out var security))
            {
                subject.TrySetResult(security.GetProperty("subjectName").GetString() ?? string.Empty);
            }
        };
        await session.SendAsync("Network.enable");
        await navigate();
        return await subject.Task.WaitAsync(TimeSpan.FromSeconds(20));
    }

    /// <summary>A node that also listens on HTTPS on loopback, serving its own certificate.</summary>
    public sealed class HttpsFixture : ConsoleFixture
    {
        protected override Task<ConsoleNode> StartNodeAsync(CancellationToken cancellationToken) =>
            ConsoleNode.StartWithHttpsAsync(NodeSettings, cancellationToken);
    }
}
