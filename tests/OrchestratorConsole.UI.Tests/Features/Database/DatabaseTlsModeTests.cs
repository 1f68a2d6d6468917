using System.Security.Cryptography.X509Certificates;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Core.Features.Certificates;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Testing;
using OrchestratorConsole.UI.Features.Database;

namespace OrchestratorConsole.UI.Tests.Features.Database;

/// <summary>The Database tab's TLS mode, and what Test connection reports of the encryption, against the test server (TLS on).</summary>
public sealed class DatabaseTlsModeTests : ConsoleTestContext
{
    private static string ServerSha256 => CertificateDetails.Fingerprint(X509Certificate2.CreateFromPem(TestPostgres.ServerCertificatePem));

    [Fact]
    public void PostgreSQL_offers_the_TLS_modes_with_Prefer_chosen_and_says_what_it_means()
    {
        SignInAs(Roles.Administrator);
        var rendered = RenderPage<DatabasePage>();

        DatabasePageTests.ChoosePostgres(rendered);

        var page = rendered.Page;
        Assert.True(page.HasField("TLS mode"));
        Assert.False(page.HasField("Use SSL"));
        Assert.Equal("Prefer", page.Field("TLS mode").GetAttribute("value"));
        Assert.Contains(page.FindAll(".mud-input-helper-text"), h => h.TextContent.Contains("Encrypted when the server offers it; the server's certificate is not checked.", StringComparison.Ordinal));

        DatabasePageTests.Choose(rendered, "tls-mode", "VerifyFull");

        page.WaitForAssertion(() => Assert.Contains(page.FindAll(".mud-input-helper-text"), h => h.TextContent.Contains("SSL trust list vouches for", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Test_connection_in_Require_reports_the_encryption_and_the_servers_certificate()
    {
        var page = await TestConnectionAsync("Require");

        page.WaitForAssertion(() => Assert.Contains("The connection test passed.", page.Markup), TimeSpan.FromSeconds(30));
        var result = page.Find("[data-testid=test-result]").TextContent;
        Assert.Contains("Encryption — ok: Encrypted: TLS", result);
        Assert.Contains("certificate CN=localhost", result);
        Assert.Contains($"sha256 {ServerSha256}", result);
    }

    [Fact]
    public async Task Test_connection_in_VerifyFull_to_an_untrusted_server_names_its_certificate()
    {
        var page = await TestConnectionAsync("VerifyFull");

        page.WaitForAssertion(() => Assert.Contains("The connection test failed.", page.Markup), TimeSpan.FromSeconds(30));
        var result = page.Find("[data-testid=test-result] [data-ok=false]").TextContent;
        Assert.Contains("Certificate — failed: The database server's certificate is not trusted: CN=localhost", result);
        Assert.Contains($"sha256 {ServerSha256}", result);
    }

    [Fact]
    public async Task The_chosen_TLS_mode_is_saved()
    {
        SignInAs(Roles.Administrator);
        var rendered = RenderPage<DatabasePage>();
        FillPostgres(rendered);
        DatabasePageTests.Choose(rendered, "tls-mode", "VerifyFull");

        await rendered.Page.ClickAsync("Save");

        rendered.Page.WaitForAssertion(() => Assert.Contains("Version 2", rendered.Page.Find("[data-testid=saved-version]").TextContent));
        var saved = await Node.GetRequiredService<ConfigurationService>().GetAsync<DatabaseSettings>(Cancellation);
        Assert.Equal(DatabaseSslMode.VerifyFull, saved.Settings.SslMode);
    }

    /// <summary>An administrator fills in the test server with <paramref name="mode"/> and clicks Test connection.</summary>
    private async Task<IRenderedComponent<DatabasePage>> TestConnectionAsync(string mode)
    {
        SignInAs(Roles.Administrator);
        var rendered = RenderPage<DatabasePage>();
        FillPostgres(rendered);
        DatabasePageTests.Choose(rendered, "tls-mode", mode);
        await rendered.Page.ClickAsync("Test connection");
        return rendered.Page;
    }

    private static void FillPostgres(ConsolePage<DatabasePage> rendered)
    {
        var server = TestPostgres.Admin;
        DatabasePageTests.ChoosePostgres(rendered);
        var page = rendered.Page;
        page.Field("Host").Change(server.Host);
        page.Field("Port").Change(server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        page.Field("Database name").Change("postgres");
        page.Field("User name").Change(server.Username);
        page.Field("Password").Change(server.Password);
    }
}
