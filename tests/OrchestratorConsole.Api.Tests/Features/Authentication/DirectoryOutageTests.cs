using System.Diagnostics;
using System.Net;
using OrchestratorConsole.Api.Tests.Infrastructure;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Api.Tests.Features.Authentication;

/// <summary>
/// A directory of the test's own that stops, and one that hangs (its process paused: connections are accepted and
/// never answered), at the product's default timeout: local accounts sign in as ever, a directory user gets a plain
/// message within 10 seconds, and signs in again once the directory is back.
/// </summary>
public sealed class DirectoryOutageTests(ConsoleFactory console) : IClassFixture<ConsoleFactory>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_the_directory_stopped_or_hanging_local_accounts_sign_in_and_directory_users_are_told_within_10_seconds()
    {
        using var directory = await PrivateDirectory.CreateAsync(Ct);
        using var admin = await console.AdminAsync();
        using (var trust = await admin.Post("/api/trust", new { pem = directory.CaPem() }))
        {
            Assert.True(trust.IsSuccessStatusCode || trust.StatusCode == HttpStatusCode.Conflict);
        }

        var version = (int)(await admin.GetOkAsync("/api/configuration/authentication"))["version"]!;
        using (var saved = await admin.Put("/api/configuration/authentication", directory.Body([DirectorySignInSettings.Url(directory.LdapUrl)], null, version)))
        {
            await saved.ShouldBeOkAsync();
        }

        using var working = console.WithToken(await console.IssueTokenAsync("alice", TestDirectory.Alice.Password));

        await directory.StopAsync(cancellationToken: Ct);
        await AssertOutageAsync("stopped");

        await directory.StartAsync(Ct);
        await console.IssueTokenAsync("alice", TestDirectory.Alice.Password);

        Signal(directory, "STOP");
        try
        {
            await AssertOutageAsync("hanging");

            // A session opened before the outage goes on: roles are kept while the directory cannot be asked.
            using var stillWorking = await working.Get("/api/accounts");
            await stillWorking.ShouldBeAsync(HttpStatusCode.OK);
        }
        finally
        {
            Signal(directory, "CONT");
        }

        await console.IssueTokenAsync("alice", TestDirectory.Alice.Password);
    }

    /// <summary>Pauses (STOP) or resumes (CONT) the directory's process: paused, it accepts connections and never answers.</summary>
    private static void Signal(PrivateDirectory directory, string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", directory.Pid!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    private async Task AssertOutageAsync(string how)
    {
        using var anonymous = console.Anonymous();
        var watch = Stopwatch.StartNew();
        using (var refused = await anonymous.Post("/api/auth/token", new { userName = "alice", password = TestDirectory.Alice.Password }))
        {
            var problem = await refused.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable);
            Assert.True(watch.Elapsed < Bound, $"The directory user waited {watch.Elapsed} with the directory {how}.");
            Assert.Equal("Directory not reachable", problem.Title);
            Assert.Contains("local accounts can", problem.Detail);
        }

        watch.Restart();
        await console.IssueTokenAsync(ConsoleFactory.AdminName, ConsoleFactory.AdminPassword);
        Assert.True(watch.Elapsed < Bound, $"vmware waited {watch.Elapsed} with the directory {how}.");
    }
}
