using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrchestratorConsole.Reliability.Tests.Infrastructure;

namespace OrchestratorConsole.Reliability.Tests;

/// <summary>Five administrators save one section at once: each save lands as its own revision or gets a conflict, none is lost.</summary>
public sealed class ConcurrentSaveTests : ReliabilityTest
{
    private const int Administrators = 5;
    private const int SavesEach = 4;
    private const string Password = "Racer#Pass1";

    [Fact]
    public async Task Twenty_saves_from_one_version_by_five_administrators_land_exactly_once_and_the_rest_get_409()
    {
        var node = await StartNodeAsync();
        var clients = await AdministratorsAsync(node);
        var start = await node.GetSectionAsync("general", Ct);
        var version = (int)start["version"]!;
        var revisionsBefore = await History.CountAsync(node, "general", Ct);

        var saves = clients.SelectMany((client, a) => Enumerable.Range(0, SavesEach).Select(i => (Client: client, Description: $"admin {a} save {i}"))).ToList();
        using var gate = new SemaphoreSlim(0);
        var answers = saves.Select(async save =>
        {
            await gate.WaitAsync(Ct);
            using var response = await save.Client.PutAsJsonAsync("/api/configuration/general", new { description = save.Description, version }, Ct);
            return (save.Description, response.StatusCode, Body: await response.Content.ReadAsStringAsync(Ct));
        }).ToList();
        gate.Release(saves.Count);
        var results = await Task.WhenAll(answers);

        var summary = string.Join("; ", results.Select(r => $"{r.Description}: {(int)r.StatusCode}"));
        Assert.All(results, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, $"{r.Description} answered {(int)r.StatusCode}: {r.Body}"));
        var winner = Assert.Single(results, r => r.StatusCode == HttpStatusCode.OK);
        var saved = JsonNode.Parse(winner.Body)!;
        Assert.Equal(winner.Description, (string?)saved["description"]);
        Assert.Equal(version + 1, (int)saved["version"]!);
        Assert.True(revisionsBefore + 1 == await History.CountAsync(node, "general", Ct), summary);
        Assert.Equal(winner.Description, (string?)(await node.GetSectionAsync("general", Ct))["description"]);
        await History.AssertIntactAsync(node, Ct);
    }

    [Fact]
    public async Task Five_administrators_saving_four_times_each_rereading_between_lose_no_update()
    {
        var node = await StartNodeAsync();
        var clients = await AdministratorsAsync(node);
        var revisionsBefore = await History.CountAsync(node, "general", Ct);
        var landed = new ConcurrentBag<(string Description, int Version)>();
        var conflicts = 0;
        var wrong = new ConcurrentBag<string>();

        using var gate = new SemaphoreSlim(0);
        var workers = clients.Select((client, a) => Task.Run(async () =>
        {
            await gate.WaitAsync(Ct);
            for (var i = 0; i < SavesEach; i++)
            {
                var description = $"admin {a} save {i}";
                var current = JsonNode.Parse(await client.GetStringAsync("/api/configuration/general", Ct))!;
                using var response = await client.PutAsJsonAsync("/api/configuration/general", new { description, version = (int)current["version"]! }, Ct);
                var body = await response.Content.ReadAsStringAsync(Ct);
                switch (response.StatusCode)
                {
                    case HttpStatusCode.OK:
                        var saved = JsonNode.Parse(body)!;
                        if ((string?)saved["description"] != description)
                        {
                            wrong.Add($"{description} answered 200 with another save's values: {body}");
                        }

                        landed.Add((description, (int)saved["version"]!));
                        break;
                    case HttpStatusCode.Conflict:
                        Interlocked.Increment(ref conflicts);
                        break;
                    default:
                        wrong.Add($"{description} answered {(int)response.StatusCode}: {body}");
                        break;
                }
            }
        }, Ct)).ToList();
        gate.Release(clients.Count);
        await Task.WhenAll(workers);

        Log($"{landed.Count} saves landed, {conflicts} got 409");
        Assert.True(wrong.IsEmpty, string.Join(Environment.NewLine, wrong));
        Assert.Equal(Administrators * SavesEach, landed.Count + conflicts);
        // A 409 means another save of the version it read landed, and one landed save can beat at most the other four
        // workers' saves in flight: at least a fifth of the saves land.
        Assert.True(landed.Count >= Administrators * SavesEach / Administrators, $"Only {landed.Count} saves landed: the rest got 409 although each re-read first.");
        Assert.Equal(landed.Count, landed.Select(l => l.Version).Distinct().Count());

        // Every 200 is a revision of its own holding exactly that save's values; no revision that no caller was told about.
        Assert.Equal(revisionsBefore + landed.Count, await History.CountAsync(node, "general", Ct));
        var history = await History.ValuesAsync(node, "general", "description", Ct);
        foreach (var (description, version) in landed)
        {
            Assert.Contains((version, description), history);
        }

        await History.AssertIntactAsync(node, Ct);
    }

    private static async Task<List<HttpClient>> AdministratorsAsync(StoreNode node)
    {
        var clients = new List<HttpClient>();
        for (var a = 0; a < Administrators; a++)
        {
            var name = $"admin{a}";
            await node.Node.CreateAccountAsync(StoreNode.AdminName, StoreNode.AdminPassword, name, Password, "Administrator", Ct);
            clients.Add(node.Client(await node.Node.GetTokenAsync(name, Password, Ct)));
        }

        return clients;
    }
}
