using System.Net;
using System.Net.Http.Headers;
using OrchestratorConsole.Api.Tests.Features.ConfigurationTransfer;
using OrchestratorConsole.Api.Tests.Infrastructure;
using OrchestratorConsole.Testing;
using OrchestratorConsole.Testing.Prometheus;

namespace OrchestratorConsole.Api.Tests.Features.Metrics;

/// <summary>Exports, imports and plug-in installs through the API are counted at <c>/metrics</c> by their outcome.</summary>
[Collection(typeof(MetricsCollection))]
public sealed class TransferMetricsTests(MetricsConsole console) : IClassFixture<MetricsConsole>
{
    private const string ExportPassword = "Export#Pass1";
    private const string Exports = "orchestrator_configuration_exports_total";
    private const string Imports = "orchestrator_configuration_imports_total";
    private const string Installs = "orchestrator_plugins_installs_total";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_export_and_the_import_of_that_file_are_counted_as_successes()
    {
        using var admin = await console.AdminAsync();
        var before = await admin.ScrapeAsync();

        var file = await admin.ExportAsync(ExportPassword);
        using (var import = await admin.SendFileAsync(file, ExportPassword, apply: true))
        {
            await import.ShouldBeOkAsync();
        }

        var after = await admin.ScrapeAsync();
        Assert.Equal("counter", after.Family(Exports).Type);
        Assert.Equal("counter", after.Family(Imports).Type);
        Assert.Equal(1, Increase(before, after, Exports, "success"));
        Assert.Equal(1, Increase(before, after, Imports, "success"));
    }

    [Fact]
    public async Task An_import_with_the_wrong_password_is_counted_as_invalid_and_not_as_a_success()
    {
        using var admin = await console.AdminAsync();
        var file = await admin.ExportAsync(ExportPassword);
        var before = await admin.ScrapeAsync();

        using (var import = await admin.SendFileAsync(file, "Wrong#Pass1", apply: true))
        {
            var problem = await import.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
            Assert.Contains(problem.ErrorsFor("password"), m => m.Contains("password is wrong", StringComparison.Ordinal));
        }

        var after = await admin.ScrapeAsync();
        Assert.Equal(1, Increase(before, after, Imports, "invalid"));
        Assert.Equal(0, Increase(before, after, Imports, "success"));
    }

    [Fact]
    public async Task A_plugin_install_and_a_package_that_is_not_one_are_counted_by_outcome()
    {
        using var admin = await console.AdminAsync();
        var before = await admin.ScrapeAsync();

        using (var installed = await InstallAsync(admin, PluginPackages.Sample("ssh")))
        {
            await installed.ShouldBeOkAsync();
        }

        using (var refused = await InstallAsync(admin, PluginPackages.RandomBytes(4096)))
        {
            await refused.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        }

        var after = await admin.ScrapeAsync();
        Assert.Equal("counter", after.Family(Installs).Type);
        Assert.Equal(1, Increase(before, after, Installs, "success"));
        Assert.Equal(1, Increase(before, after, Installs, "invalid"));
    }

    private static double Increase(PrometheusText before, PrometheusText after, string counter, string outcome) =>
        after.Sum(counter, ("outcome", outcome)) - before.Sum(counter, ("outcome", outcome));

    private static async Task<HttpResponseMessage> InstallAsync(HttpClient admin, byte[] package)
    {
        using var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(package);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        form.Add(content, "package", "upload.vmoapp");
        return await admin.PostAsync("/api/plugins", form, Ct);
    }
}
