using System.Net;
using System.Text.Json.Nodes;
using OrchestratorConsole.Reliability.Tests.Infrastructure;

namespace OrchestratorConsole.Reliability.Tests;

/// <summary>A node killed (SIGKILL) while it applies an import holds the old or the new configuration after its restart, never a mix.</summary>
public sealed class ImportCrashTests : ReliabilityTest
{
    private const int Rounds = 20;

    /// <summary>Two configurations that differ in fields of two sections, which an import changes together.</summary>
    private static readonly Configuration A = new("ERROR", 7000, 20, 2);
    private static readonly Configuration B = new("DEBUG", 9000, 30, 3);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_node_killed_during_an_import_restarts_with_the_old_or_the_new_configuration_never_a_mix(bool postgresStore)
    {
        var node = await StartNodeAsync(postgresStore);
        var files = new Dictionary<Configuration, byte[]>();
        foreach (var configuration in new[] { B, A })
        {
            await node.SaveSectionAsync("log", new JsonObject { ["level"] = configuration.Level }, Ct);
            await node.SaveSectionAsync("cluster", new JsonObject { ["heartbeatIntervalMs"] = configuration.HeartbeatIntervalMs, ["failoverHeartbeats"] = configuration.FailoverHeartbeats, ["activeNodes"] = configuration.ActiveNodes }, Ct);
            files[configuration] = await node.ExportAsync(Ct);
        }

        var seed = Environment.GetEnvironmentVariable("ORCHESTRATOR_CRASH_SEED") is { Length: > 0 } s ? int.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : Random.Shared.Next();
        Log($"Seed (ORCHESTRATOR_CRASH_SEED): {seed}");
        var random = new Random(seed);
        var held = A;
        var outcomes = new List<string>();
        for (var round = 1; round <= Rounds; round++)
        {
            var target = held == A ? B : A;
            using var client = node.Client();
            // The kill falls at a random moment from the request's start to about twice a warm import's duration (at most 300 ms).
            var importMs = await WarmUpAsync(client, files[target], files[held]);
            var delay = random.Next(0, Math.Clamp(2 * importMs, 4, 300) + 1);
            using var form = StoreNode.ImportForm(files[target], "log,cluster");
            var import = client.PostAsync("/api/configuration/import", form, Ct);
            await Task.Delay(delay, Ct);
            await node.KillAndRestartAsync(Ct);
            var answered = await Answer(import);

            var now = await ReadAsync(node);
            Assert.True(
                now == A || now == B,
                $"Round {round} (seed {seed}, killed {delay} ms after sending the import of {target}; the import answered {answered}): the node holds a mix, {now}. Earlier rounds: {string.Join("; ", outcomes)}");
            if (answered == "200")
            {
                Assert.True(now == target, $"Round {round} (seed {seed}): the import answered 200 but the node holds {now} after the restart, not {target}.");
            }

            outcomes.Add($"{delay} ms (import {importMs} ms): {(now == target ? "new" : "old")} ({answered})");
            held = now;
        }

        Log(string.Join(Environment.NewLine, outcomes));
        await History.AssertIntactAsync(node, Ct);
    }

    /// <summary>The import there and back once first, so the kill falls in the import's work, not in a cold start's.</summary>
    private static async Task<int> WarmUpAsync(HttpClient client, byte[] target, byte[] held)
    {
        var watch = new System.Diagnostics.Stopwatch();
        foreach (var file in new[] { target, held })
        {
            using var form = StoreNode.ImportForm(file, "log,cluster");
            watch.Restart();
            using var response = await client.PostAsync("/api/configuration/import", form, Ct);
            watch.Stop();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        return (int)watch.ElapsedMilliseconds;
    }

    private static async Task<string> Answer(Task<HttpResponseMessage> import)
    {
        try
        {
            using var response = await import;
            return ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return "no answer";
        }
    }

    private static async Task<Configuration> ReadAsync(StoreNode node)
    {
        var log = await node.GetSectionAsync("log", Ct);
        var cluster = await node.GetSectionAsync("cluster", Ct);
        return new Configuration((string)log["level"]!, (int)cluster["heartbeatIntervalMs"]!, (int)cluster["failoverHeartbeats"]!, (int)cluster["activeNodes"]!);
    }

    private sealed record Configuration(string Level, int HeartbeatIntervalMs, int FailoverHeartbeats, int ActiveNodes)
    {
        public override string ToString() => $"log {Level}, heartbeat {HeartbeatIntervalMs} ms × {FailoverHeartbeats}, {ActiveNodes} active";
    }
}
