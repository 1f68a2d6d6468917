using System.Net;
using System.Security.Cryptography;
using OrchestratorConsole.Api.Tests.Infrastructure;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Api.Tests.Features.PlugIns;

/// <summary>A node with two plug-ins installed, and what its data directory and plug-in list held before any hostile upload.</summary>
public sealed class HostileCorpusNode : IAsyncLifetime
{
    public ConsoleFactory Console { get; } = new();

    public string Baseline { get; private set; } = string.Empty;

    public IReadOnlyDictionary<string, string> PluginFiles { get; private set; } = new Dictionary<string, string>();

    public IReadOnlySet<string> OtherFiles { get; private set; } = new HashSet<string>();

    public string PluginsDirectory => Path.Combine(Console.Data.Path, "plugins");

    public async ValueTask InitializeAsync()
    {
        using var admin = await Console.AdminAsync();
        // The corpus uses this id at 1.0.0: a package that slipped through would upgrade it, and the list would change.
        await admin.InstallAsync(PluginPackages.Build(PluginPackages.Manifest(PluginPackages.TestId, "0.9.0")));
        await admin.InstallAsync(PluginPackages.Sample("ssh"));
        Baseline = (await admin.GetArrayAsync("/api/plugins")).ToJsonString();
        (PluginFiles, OtherFiles) = Snapshot();
    }

    /// <summary>The files under plugins/ with their SHA-256, and every other file of the data directory (SQLite journals aside).</summary>
    public (Dictionary<string, string> PluginFiles, HashSet<string> OtherFiles) Snapshot()
    {
        var data = Console.Data.Path;
        var files = Directory.EnumerateFiles(data, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(data, f)).ToList();
        var plugins = files.Where(f => f.StartsWith("plugins" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .ToDictionary(f => f, f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(Path.Combine(data, f)))));
        var others = files.Where(f => !plugins.ContainsKey(f) && !f.EndsWith("-wal", StringComparison.Ordinal) && !f.EndsWith("-shm", StringComparison.Ordinal) && !f.EndsWith("-journal", StringComparison.Ordinal)).ToHashSet();
        return (plugins, others);
    }

    public async ValueTask DisposeAsync() => await Console.DisposeAsync();
}

/// <summary>
/// The hostile package corpus through <c>POST /api/plugins</c>: each is refused with its own message, and nothing
/// changes — the plug-in list, the plug-ins folder (an empty <c>.incoming</c> aside), the rest of the data directory —
/// and nothing is written where an extracting reader would have put the entries.
/// </summary>
public sealed class HostilePackageTests(HostileCorpusNode node) : IClassFixture<HostileCorpusNode>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Corpus() => [.. HostileCorpus.All().Select(p => p.Name)];

    [Theory]
    [MemberData(nameof(Corpus))]
    public async Task A_hostile_package_is_refused_with_its_own_message_and_changes_nothing(string name)
    {
        var hostile = HostileCorpus.All().Single(p => p.Name == name);
        using var scratch = new TempDirectory();
        var file = Path.Combine(scratch.Path, "hostile.vmoapp");
        hostile.Write(file);
        using var admin = await node.Console.AdminAsync();

        HttpResponseMessage response;
        await using (var upload = File.OpenRead(file))
        {
            response = await admin.UploadAsync(upload);
        }

        using (response)
        {
            var problem = await response.ShouldBeProblemAsync((HttpStatusCode)hostile.Status);
            Assert.Contains(hostile.Phrase, problem.Detail);
        }

        Assert.Equal(node.Baseline, (await admin.GetArrayAsync("/api/plugins")).ToJsonString());
        var (pluginFiles, otherFiles) = node.Snapshot();
        Assert.Equal(node.PluginFiles.OrderBy(f => f.Key), pluginFiles.OrderBy(f => f.Key));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(node.PluginsDirectory, ".incoming")));
        Assert.Equal([".incoming", "com.example.test", "com.vmware.o11n.ssh"], Directory.EnumerateDirectories(node.PluginsDirectory).Select(Path.GetFileName).Order());
        Assert.Empty(otherFiles.Except(node.OtherFiles));
        foreach (var escape in hostile.Escapes)
        {
            foreach (var root in new[] { node.Console.Data.Path, node.PluginsDirectory, Path.Combine(node.PluginsDirectory, ".incoming"), Path.Combine(node.PluginsDirectory, PluginPackages.TestId), Directory.GetCurrentDirectory(), AppContext.BaseDirectory, Path.GetTempPath() })
            {
                var target = Path.GetFullPath(Path.Combine(root, escape.Replace('\\', '/')));
                Assert.False(File.Exists(target), $"{hostile.Name}: {target} was written");
            }
        }

        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.GetTempPath(), HostileCorpus.Marker + "*"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.GetDirectoryName(node.Console.Data.Path)!, HostileCorpus.Marker + "*"));
    }

    [Fact]
    public async Task An_upload_without_a_package_field_is_refused()
    {
        using var admin = await node.Console.AdminAsync();
        using var form = new MultipartFormDataContent { { new ByteArrayContent(PluginPackages.Sample("ssh")), "file", "ssh.vmoapp" } };

        using var response = await admin.PostAsync("/api/plugins", form, Ct);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("no file field named 'package'", problem.Detail);
        Assert.Equal(node.Baseline, (await admin.GetArrayAsync("/api/plugins")).ToJsonString());
    }

    [Fact]
    public async Task A_package_as_a_json_body_is_refused()
    {
        using var admin = await node.Console.AdminAsync();

        using var response = await admin.Post("/api/plugins", new { package = "plugin" });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("Send the package as multipart/form-data in a field named 'package'", problem.Detail);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_upload_as_a_multipart_package_field()
    {
        using var client = node.Console.Anonymous();

        var document = await client.GetOkAsync("/openapi/v1.json");

        var schema = document["paths"]!["/api/plugins"]!["post"]!["requestBody"]!["content"]!["multipart/form-data"]!["schema"]!;
        Assert.Equal("binary", (string?)schema["properties"]!["package"]!["format"]);
        Assert.Equal(["package"], schema["required"]!.AsArray().Select(r => (string?)r));
    }
}
