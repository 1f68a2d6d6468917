using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrchestratorConsole.Reliability.Tests.Infrastructure;

namespace OrchestratorConsole.Reliability.Tests;

/// <summary>The node's PostgreSQL settings store stops while an administrator saves or imports, and comes back.</summary>
public sealed class SettingsStoreOutageTests : ReliabilityTest
{
    [Fact]
    public async Task A_save_while_the_settings_store_is_down_gets_a_clear_503_and_once_it_is_back_the_next_save_lands()
    {
        var node = await StartNodeAsync();
        await node.SaveSectionAsync("log", new JsonObject { ["level"] = "WARN" }, Ct);
        var before = await node.GetSectionAsync("log", Ct);
        var revisionsBefore = await History.CountAsync(node, null, Ct);

        await node.Postgres!.StopAsync(Ct);
        using (var client = node.Client())
        using (var response = await client.PutAsJsonAsync("/api/configuration/log", new { level = "DEBUG", version = (int)before["version"]! }, Ct))
        {
            var problem = await response.ShouldBeProblemAsync(Ct);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Contains("settings store is not reachable", (string?)problem["detail"], StringComparison.Ordinal);
            Assert.Contains("nothing was saved", (string?)problem["detail"], StringComparison.Ordinal);
        }

        await node.Postgres.StartAsync(Ct);

        using (var client = node.Client())
        using (var response = await client.PutAsJsonAsync("/api/configuration/log", new { level = "DEBUG", version = (int)before["version"]! }, Ct))
        {
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"The first save after the store's return answered {(int)response.StatusCode}: {body}");
            var saved = JsonNode.Parse(body)!;
            Assert.Equal("DEBUG", (string?)saved["level"]);
            Assert.Equal((int)before["version"]! + 1, (int)saved["version"]!);
        }

        Assert.Equal(revisionsBefore + 1, await History.CountAsync(node, null, Ct));
        await History.AssertIntactAsync(node, Ct);
    }

    [Fact]
    public async Task Saves_racing_a_stop_and_a_start_of_the_settings_store_each_land_whole_or_fail_clearly()
    {
        var node = await StartNodeAsync();
        var landed = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var refused = 0;
        var afterReturn = -1;
        var outcomes = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var outcomesAfterReturn = new System.Collections.Concurrent.ConcurrentQueue<HttpStatusCode>();

        var saver = Task.Run(async () =>
        {
            // Saves one after another until five more have been tried after the store's return (at most 2 minutes).
            var watch = System.Diagnostics.Stopwatch.StartNew();
            for (var i = 0; Volatile.Read(ref afterReturn) < 5 && watch.Elapsed < TimeSpan.FromMinutes(2); i++)
            {
                if (Volatile.Read(ref afterReturn) >= 0)
                {
                    Interlocked.Increment(ref afterReturn);
                }

                var description = $"save {i}";
                using var client = node.Client();
                using var read = await client.GetAsync("/api/configuration/general", Ct);
                if (read.StatusCode != HttpStatusCode.OK)
                {
                    await read.ShouldBeProblemAsync(Ct);
                    Interlocked.Increment(ref refused);
                    await Task.Delay(100, Ct);
                    continue;
                }

                var version = (int)JsonNode.Parse(await read.Content.ReadAsStringAsync(Ct))!["version"]!;

                using var response = await client.PutAsJsonAsync("/api/configuration/general", new { description, version }, Ct);
                if (Volatile.Read(ref afterReturn) >= 0)
                {
                    outcomesAfterReturn.Enqueue(response.StatusCode);
                }
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    landed.Enqueue(description);
                }
                else
                {
                    outcomes.Enqueue($"{description}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
                    await response.ShouldBeProblemAsync(Ct);
                    Assert.True(response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.Conflict, $"save {i} answered {(int)response.StatusCode}");
                    Interlocked.Increment(ref refused);
                }
            }
        }, Ct);

        await EventuallyAsync(() => Task.FromResult(landed.Count >= 5 || saver.IsCompleted), TimeSpan.FromSeconds(60));
        await node.Postgres!.StopAsync(Ct);
        await EventuallyAsync(() => Task.FromResult(refused >= 2 || saver.IsCompleted), TimeSpan.FromSeconds(60));
        await node.Postgres.StartAsync(Ct);
        Interlocked.Exchange(ref afterReturn, 0);
        await saver;

        Log($"{landed.Count} saves landed, {refused} were refused");
        Assert.True(refused > 0, "No save met the outage: the test did not test it.");
        Assert.True(outcomesAfterReturn.TakeLast(3).All(s => s == HttpStatusCode.OK), $"After the store's return the saves answered {string.Join(", ", outcomesAfterReturn.Select(s => (int)s))}: saving does not recover.");
        var history = await History.ValuesAsync(node, "general", "description", Ct);
        var unexpected = history.Where(h => !landed.Contains(h.Value)).ToList();
        Assert.True(
            unexpected.Count == 0 && history.Count == landed.Count,
            $"The history holds {string.Join(", ", history.Select(h => $"v{h.Version}: {h.Value}"))}; the saves that answered 200: {string.Join(", ", landed)}; the others: {string.Join(" | ", outcomes)}");
        Assert.Equal(landed.Last(), (string?)(await node.GetSectionAsync("general", Ct))["description"]);
        await History.AssertIntactAsync(node, Ct);
    }

    [Fact]
    public async Task An_import_while_the_settings_store_is_down_gets_a_clear_error_and_after_its_return_the_node_holds_the_old_configuration_and_can_import()
    {
        var node = await StartNodeAsync();
        await node.SaveSectionAsync("log", new JsonObject { ["level"] = "ERROR" }, Ct);
        await node.SaveSectionAsync("cluster", new JsonObject { ["heartbeatIntervalMs"] = 7000, ["failoverHeartbeats"] = 20 }, Ct);
        var file = await node.ExportAsync(Ct);
        await node.SaveSectionAsync("log", new JsonObject { ["level"] = "WARN" }, Ct);
        await node.SaveSectionAsync("cluster", new JsonObject { ["heartbeatIntervalMs"] = 9000, ["failoverHeartbeats"] = 30 }, Ct);
        var revisionsBefore = await History.CountAsync(node, null, Ct);

        await node.Postgres!.StopAsync(Ct);
        using (var response = await node.ImportAsync(file, "log,cluster", Ct))
        {
            var problem = await response.ShouldBeProblemAsync(Ct);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Contains("settings store is not reachable", (string?)problem["detail"], StringComparison.Ordinal);
        }

        await node.Postgres.StartAsync(Ct);
        await EventuallyAsync(async () => (await Ready(node)) == HttpStatusCode.OK, TimeSpan.FromSeconds(60));

        Assert.Equal("WARN", (string?)(await node.GetSectionAsync("log", Ct))["level"]);
        var cluster = await node.GetSectionAsync("cluster", Ct);
        Assert.Equal(9000, (int)cluster["heartbeatIntervalMs"]!);
        Assert.Equal(30, (int)cluster["failoverHeartbeats"]!);
        Assert.Equal(revisionsBefore, await History.CountAsync(node, null, Ct));

        using (var response = await node.ImportAsync(file, "log,cluster", Ct))
        {
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"The import after the store's return answered {(int)response.StatusCode}: {body}");
        }

        Assert.Equal("ERROR", (string?)(await node.GetSectionAsync("log", Ct))["level"]);
        cluster = await node.GetSectionAsync("cluster", Ct);
        Assert.Equal(7000, (int)cluster["heartbeatIntervalMs"]!);
        Assert.Equal(20, (int)cluster["failoverHeartbeats"]!);
        Assert.Equal(revisionsBefore + 2, await History.CountAsync(node, null, Ct));
        await History.AssertIntactAsync(node, Ct);
    }

    private static async Task<HttpStatusCode?> Ready(StoreNode node)
    {
        using var client = node.Client();
        client.Timeout = TimeSpan.FromSeconds(10);
        try
        {
            using var response = await client.GetAsync("/health/ready", Ct);
            return response.StatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }
}
