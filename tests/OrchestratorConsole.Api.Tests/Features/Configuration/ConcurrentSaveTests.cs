using System.Net;
using OrchestratorConsole.Api.Tests.Infrastructure;

namespace OrchestratorConsole.Api.Tests.Features.Configuration;

public sealed class ConcurrentSaveTests(ConsoleFactory console) : IClassFixture<ConsoleFactory>
{
    [Fact]
    public async Task Two_administrators_saving_one_section_at_once_get_one_200_and_one_409_and_one_new_revision()
    {
        var other = await console.CreateAccountAsync("Administrator", "racer");
        using var first = await console.AdminAsync();
        using var second = await console.ClientAsync(other, ConsoleFactory.UserPassword);
        for (var round = 1; round <= 5; round++)
        {
            var before = await first.GetOkAsync("/api/configuration/general");
            var version = (int)before["version"]!;
            var historyBefore = (await first.GetArrayAsync("/api/configuration/revisions?section=general")).Count;

            var saves = await Task.WhenAll(
                first.Put("/api/configuration/general", new { description = $"round {round} by vmware", version }),
                second.Put("/api/configuration/general", new { description = $"round {round} by {other}", version }));

            var statuses = saves.Select(s => s.StatusCode).Order().ToList();
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], statuses);
            var loser = saves.Single(s => s.StatusCode == HttpStatusCode.Conflict);
            var winner = saves.Single(s => s.StatusCode == HttpStatusCode.OK);
            var problem = await loser.ShouldBeProblemAsync(HttpStatusCode.Conflict);
            var saved = await winner.ShouldBeOkAsync();
            Assert.Contains("reload", problem.Detail);
            var history = await first.GetArrayAsync("/api/configuration/revisions?section=general");
            Assert.Equal(historyBefore + 1, history.Count);
            Assert.Equal(version + 1, (int)history[0]!["version"]!);
            Assert.Equal((string?)saved["description"], (string?)(await first.GetOkAsync("/api/configuration/general"))["description"]);
            foreach (var save in saves)
            {
                save.Dispose();
            }
        }
    }
}
