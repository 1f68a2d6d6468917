using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrchestratorConsole.Core;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.ConfigurationTransfer;
using OrchestratorConsole.Core.Features.PlugIns;
using OrchestratorConsole.Core.Features.Troubleshooting;
using OrchestratorConsole.Hosting;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Benchmarks;

/// <summary>Plug-in install and reinstall figures, export/import against plain JSON, and a join, over the embedded database.</summary>
internal static class PluginAndTransferBenchmark
{
    private static readonly Actor Admin = new("bench", new HashSet<string> { Roles.Administrator });

    public static bool Handles(string what) => what is "plugins" or "transfer" or "join";

    public static async Task RunAsync(string what)
    {
        if (what == "plugins")
        {
            await PluginsAsync();
        }
        else if (what == "transfer")
        {
            await TransferAsync();
        }
        else
        {
            await JoinAsync();
        }
    }

    private static async Task PluginsAsync()
    {
        await using var node = await InProcessNode.StartAsync();
        var plugins = node.Get<PluginService>();

        var large = Package("com.bench.large", 82, i => RandomText(850 * 1024, i));
        var (time, peak) = await Measure(() => InstallAsync(plugins, large));
        Console.WriteLine($"install a {large.Length / 1048576.0:0.0} MB package (82 content items): {time:0} ms, peak working set +{peak / 1048576.0:0} MB");

        var many = Package("com.bench.many", 5000, i => $"{{\"action\":\"a{i}\",\"script\":\"return {i};\"}}");
        (time, peak) = await Measure(() => InstallAsync(plugins, many));
        Console.WriteLine($"install a package with 5,000 content items ({many.Length / 1024} KB): {time:0} ms, peak working set +{peak / 1048576.0:0} MB");
        await plugins.UninstallAsync(Admin, "com.bench.large");
        await plugins.UninstallAsync(Admin, "com.bench.many");

        for (var p = 0; p < 20; p++)
        {
            await InstallAsync(plugins, Package($"com.bench.p{p:00}", 100, i => $"{{\"workflow\":\"w{i}\",\"steps\":[{i}]}}"));
        }

        var installer = node.Get<PluginContentInstaller>();
        var database = (await node.Get<ConfigurationService>().GetAsync<DatabaseSettings>()).Settings;
        await installer.InstallDueAsync(database, Guid.NewGuid());
        await node.Get<TroubleshootingService>().ResetCurrentVersionAsync(Admin);
        var watch = Stopwatch.StartNew();
        await installer.InstallDueAsync(database, Guid.NewGuid());
        Console.WriteLine($"reinstall all content of 20 plug-ins (100 items each, 2,000 items) after Reset current version: {watch.Elapsed.TotalMilliseconds:0} ms");
    }

    private static async Task TransferAsync()
    {
        await using var node = await InProcessNode.StartAsync();
        var plugins = node.Get<PluginService>();
        var configuration = node.Get<ConfigurationService>();
        for (var p = 0; p < 200; p++)
        {
            var id = $"com.bench.s{p:000}";
            await InstallAsync(plugins, Package(id, 1, _ => "{}", fields: 30));
            var values = new JsonObject();
            for (var f = 0; f < 30; f++)
            {
                values[$"field{f:00}"] = f % 10 == 9 ? $"secret-{p}-{f}-value" : $"value {p}.{f}";
            }

            var section = await configuration.GetViewAsync("plugin." + id);
            await configuration.SaveAsync(Admin, section.Section, values, section.Version, null);
        }

        var transfer = node.Get<ConfigurationTransferService>();
        foreach (var password in new[] { null, "Bench-Export-1" })
        {
            var (exportTime, exportPeak) = await Measure(async () => await transfer.ExportAsync(Admin, password));
            var (file, _) = await transfer.ExportAsync(Admin, password);
            var (importTime, importPeak) = await Measure(async () =>
            {
                await transfer.PreviewAsync(Admin, file, password);
                await transfer.ApplyAsync(Admin, new ImportRequest(file, password, "bench.vmoconfig"));
            });

            // The same data through a plain serialize and deserialize, in the same run.
            var plain = new Dictionary<string, JsonObject>();
            foreach (var section in configuration.Registry.Sections.Where(s => s.Group == ConfigurationRegistry.PluginsGroup))
            {
                plain[section.Name] = (await configuration.ReadAsync(section)).Values;
            }

            var (plainTime, plainPeak) = await Measure(() =>
            {
                var text = JsonSerializer.Serialize(plain);
                _ = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, JsonElement>>>(text);
                return Task.CompletedTask;
            });
            var label = password is null ? "without a password" : $"with a password (a PBKDF2 derivation of {PasswordCrypto.Iterations:N0} iterations in the export, the preview and the apply each)";
            Console.WriteLine($"200 plug-ins x 30 settings, {file.Length / 1024} KB file, {label}: export {exportTime:0} ms (+{exportPeak / 1048576.0:0} MB), preview + apply {importTime:0} ms (+{importPeak / 1048576.0:0} MB); plain JSON serialize + deserialize {plainTime:0.0} ms (+{plainPeak / 1048576.0:0} MB); ratio export+import / plain = {(exportTime + importTime) / Math.Max(plainTime, 0.1):0}x");
        }
    }

    private static async Task JoinAsync()
    {
        var source = await NodeApi.StartNodeAsync();
        var joiner = await NodeApi.StartNodeAsync();
        try
        {
            using var sourceClient = source.Node.CreateClient(await source.Node.GetTokenAsync(NodeApi.AdminName, NodeApi.AdminPassword));
            for (var p = 0; p < 20; p++)
            {
                using var form = new MultipartFormDataContent { { new ByteArrayContent(Package($"com.bench.j{p:00}", 50, i => $"{{\"n\":{i}}}", fields: 10)), "package", $"j{p}.vmoapp" } };
                using var upload = await sourceClient.PostAsync("api/plugins", form);
                upload.EnsureSuccessStatusCode();
            }

            using var client = joiner.Node.CreateClient(await joiner.Node.GetTokenAsync(NodeApi.AdminName, NodeApi.AdminPassword));
            client.Timeout = TimeSpan.FromMinutes(5);
            var watch = Stopwatch.StartNew();
            using var join = await client.PostAsJsonAsync("api/cluster/join", new { nodeUrl = source.Node.BaseAddress.ToString(), userName = NodeApi.AdminName, password = NodeApi.AdminPassword });
            var body = await join.Content.ReadAsStringAsync();
            join.EnsureSuccessStatusCode();
            Console.WriteLine($"join a node with 20 plug-ins (two node processes on loopback): {watch.Elapsed.TotalMilliseconds:0} ms, {JsonNode.Parse(body)!["pluginsInstalled"]!.AsArray().Count} packages fetched and installed");
        }
        finally
        {
            joiner.Dispose();
            source.Dispose();
            await joiner.Node.DisposeAsync();
            await source.Node.DisposeAsync();
        }
    }

    private static async Task InstallAsync(PluginService plugins, byte[] package)
    {
        using var stream = new MemoryStream(package);
        await plugins.InstallAsync(Admin, stream, confirmDowngrade: true);
    }

    private static byte[] Package(string id, int items, Func<int, string> body, int fields = 2)
    {
        var manifest = PluginPackages.Manifest(id);
        var configuration = new JsonArray();
        for (var f = 0; f < fields; f++)
        {
            configuration.Add(new JsonObject { ["name"] = $"field{f:00}", ["label"] = $"Field {f}", ["type"] = f % 10 == 9 ? "secret" : "string" });
        }

        var content = new JsonArray();
        for (var i = 0; i < items; i++)
        {
            content.Add(new JsonObject { ["id"] = $"item.{i}", ["kind"] = i % 2 == 0 ? "workflow" : "action", ["name"] = $"Item {i}", ["file"] = $"content/{i}.json" });
        }

        manifest["configuration"] = configuration;
        manifest["content"] = content;
        return PluginPackages.Zip(zip =>
        {
            PluginPackages.Add(zip, "plugin.json", Encoding.UTF8.GetBytes(manifest.ToJsonString()));
            for (var i = 0; i < items; i++)
            {
                PluginPackages.Add(zip, $"content/{i}.json", Encoding.UTF8.GetBytes(body(i)));
            }
        });
    }

    private static string RandomText(int length, int seed) => Convert.ToBase64String(PluginPackages.RandomBytes(length * 3 / 4, seed));

    /// <summary>Elapsed milliseconds and the peak rise of the process's working set while <paramref name="work"/> ran.</summary>
    private static async Task<(double Milliseconds, long PeakBytes)> Measure(Func<Task> work)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var baseline = process.WorkingSet64;
        var peak = baseline;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            using var sampled = Process.GetCurrentProcess();
            while (!stop.IsCancellationRequested)
            {
                sampled.Refresh();
                peak = Math.Max(peak, sampled.WorkingSet64);
                await Task.Delay(5, CancellationToken.None);
            }
        }, CancellationToken.None);
        var watch = Stopwatch.StartNew();
        await work();
        watch.Stop();
        await stop.CancelAsync();
        await sampler;
        return (watch.Elapsed.TotalMilliseconds, Math.Max(0, peak - baseline));
    }

    /// <summary>A node's services in this process over a fresh data directory (embedded database).</summary>
    private sealed class InProcessNode : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly DirectoryInfo _data;

        private InProcessNode(WebApplication app, DirectoryInfo data)
        {
            _app = app;
            _data = data;
        }

        public static async Task<InProcessNode> StartAsync()
        {
            var data = Directory.CreateTempSubdirectory("orch-bench-plugins-");
            var builder = WebApplication.CreateBuilder(["--Node:DataDirectory", data.FullName, "--urls", "http://127.0.0.1:0"]);
            builder.Logging.ClearProviders();
            builder.AddOrchestratorCore();
            builder.AddConsoleApi();
            var app = builder.Build();
            await app.StartAsync();
            return new InProcessNode(app, data);
        }

        public T Get<T>()
            where T : notnull => _app.Services.GetRequiredService<T>();

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _data.Delete(recursive: true);
        }
    }
}
