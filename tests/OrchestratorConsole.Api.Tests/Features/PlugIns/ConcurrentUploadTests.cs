using System.Net;
using System.Security.Cryptography;
using OrchestratorConsole.Api.Tests.Infrastructure;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Api.Tests.Features.PlugIns;

/// <summary>Two uploads of one plug-in at the same moment: one wins, the other is refused with 409 (never a 500), and the file on disk is the one the node records.</summary>
public sealed class ConcurrentUploadTests(ConsoleFactory console) : IClassFixture<ConsoleFactory>
{
    private const string Mail = "com.vmware.o11n.mail";

    [Fact]
    public async Task Two_uploads_of_the_same_package_at_once_install_it_once_and_refuse_the_other_with_409()
    {
        using var first = await console.AdminAsync();
        using var second = await console.AdminAsync();
        var mail = PluginPackages.Sample("mail");

        var answers = await Task.WhenAll(first.UploadAsync(mail), second.UploadAsync(mail));

        try
        {
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
            var refused = await answers.Single(a => a.StatusCode == HttpStatusCode.Conflict).ShouldBeProblemAsync(HttpStatusCode.Conflict);
            Assert.Contains("is the same version again", refused.Detail);
            var files = Directory.GetFiles(Path.Combine(console.Data.Path, "plugins", Mail));
            Assert.True(files.Length == 1, string.Join("\n", Directory.GetFiles(console.Data.Path, "*", SearchOption.AllDirectories)));
            var file = Assert.Single(files);
            Assert.Equal(Convert.ToHexString(SHA256.HashData(mail)), Convert.ToHexString(SHA256.HashData(await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken))));
            var history = await first.GetArrayAsync($"/api/configuration/revisions?section=plugin.{Mail}");
            Assert.Single(history);
        }
        finally
        {
            foreach (var answer in answers)
            {
                answer.Dispose();
            }
        }
    }

    [Fact]
    public async Task Uploads_of_two_versions_at_once_never_fail_with_500_and_leave_the_recorded_version_on_disk()
    {
        using var first = await console.AdminAsync();
        using var second = await console.AdminAsync();
        var ssh = PluginPackages.Sample("ssh");
        var newer = PluginPackages.Repack(ssh, m => m["version"] = "7.2.0");

        var answers = await Task.WhenAll(first.UploadAsync(ssh), second.UploadAsync(newer));

        try
        {
            Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, $"{(int)a.StatusCode}"));
            Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.OK);
            var version = (string?)(await first.FindPluginAsync("com.vmware.o11n.ssh"))!["version"];
            var file = Assert.Single(Directory.GetFiles(Path.Combine(console.Data.Path, "plugins", "com.vmware.o11n.ssh")));
            Assert.StartsWith($"{version}-", Path.GetFileName(file));
            var manifest = System.Text.Json.Nodes.JsonNode.Parse(PluginPackages.ReadEntry(await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken), "plugin.json"))!;
            Assert.Equal(version, (string?)manifest["version"]);
        }
        finally
        {
            foreach (var answer in answers)
            {
                answer.Dispose();
            }
        }
    }
}
