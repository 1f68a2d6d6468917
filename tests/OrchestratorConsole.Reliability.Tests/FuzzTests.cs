using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OrchestratorConsole.Reliability.Tests.Infrastructure;

namespace OrchestratorConsole.Reliability.Tests;

/// <summary>
/// Random hostile requests to every operation of the OpenAPI document and to the account forms (sign in, change password, log out): no answer is a 5xx and
/// none carries a stack trace. The seed is logged; <c>ORCHESTRATOR_FUZZ_SEED</c> replays a run.
/// </summary>
public sealed class FuzzTests : ReliabilityTest
{
    private const int ApiRequests = 1_350;
    private const int FormRequests = 150;

    [Fact]
    public async Task Random_hostile_input_to_every_endpoint_and_form_gets_no_500_and_no_stack_trace()
    {
        var seed = Environment.GetEnvironmentVariable("ORCHESTRATOR_FUZZ_SEED") is { Length: > 0 } s ? int.Parse(s, CultureInfo.InvariantCulture) : Random.Shared.Next();
        Log($"Seed (ORCHESTRATOR_FUZZ_SEED): {seed}");
        var random = new RandomInput(seed);
        var node = await StartNodeAsync(postgresStore: false);
        await node.Node.CreateAccountAsync(StoreNode.AdminName, StoreNode.AdminPassword, OpenApiRequests.SpareAccount, "Spare#Pass1", "Reviewer", Ct);
        using var admin = node.Client();
        admin.Timeout = TimeSpan.FromSeconds(90);
        var operations = OpenApiRequests.Operations(JsonNode.Parse(await admin.GetStringAsync("/openapi/v1.json", Ct))!.AsObject());
        Assert.True(operations.Count >= 30, $"Only {operations.Count} operations in the OpenAPI document.");

        var answers = new FuzzAnswers(() => node.Node.Output);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < ApiRequests; i++)
        {
            var operation = random.Pick(operations);
            using var request = OpenApiRequests.Build(random, operation, node.Token);
            var description = OpenApiRequests.Describe(i, request);
            await answers.SendAsync(admin, request, description);
        }

        for (var i = 0; i < FormRequests; i++)
        {
            await AccountFormFuzz.SendAsync(node, random, i, answers);
        }

        Log($"{ApiRequests + FormRequests} requests in {watch.Elapsed.TotalSeconds:0} s; statuses: {string.Join(", ", answers.Statuses.Select(p => $"{p.Key}×{p.Value}"))}");
        Assert.True(answers.Failures.Count == 0, $"Seed {seed} (replay with ORCHESTRATOR_FUZZ_SEED={seed}): {answers.Failures.Count} bad answers:\n{string.Join("\n", answers.Failures.Take(20))}");

        // The node still works after the run.
        using var ready = await admin.GetAsync("/health/ready", Ct);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var token = await node.Node.CreateClient().PostAsync(
            "/api/auth/token", new StringContent($"{{\"userName\":\"{StoreNode.AdminName}\",\"password\":\"{StoreNode.AdminPassword}\"}}", Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
    }
}
