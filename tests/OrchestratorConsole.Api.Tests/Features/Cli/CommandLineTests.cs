using System.Text.Json.Nodes;
using OrchestratorConsole.Api.Tests.Infrastructure;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Api.Tests.Features.Cli;

/// <summary>The console's command line, run as an operator runs it: <c>dotnet OrchestratorConsole.dll &lt;verb&gt; ...</c>.</summary>
public sealed class CommandLineTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<ProcessOutcome> RunAsync(params string[] args) => CommandLine.RunAsync(args);

    [Fact]
    public async Task Help_lists_every_verb()
    {
        var help = await RunAsync("--help");

        Assert.True(help.ExitCode == 0, help.ToString());
        foreach (var verb in new[] { "status", "export", "import", "join", "reset-current-version", "accounts", "keys" })
        {
            Assert.Contains(verb, help.Output);
        }
    }

    [Theory]
    [InlineData("statsu")]
    [InlineData("expotr")]
    [InlineData("accounts", "lsit")]
    public async Task A_mistyped_verb_prints_the_usage_and_exits_2_without_starting_the_server(params string[] args)
    {
        var typo = await RunAsync(args);

        Assert.True(typo.ExitCode == 2, typo.ToString());
        Assert.Contains($"Unrecognized command or argument '{args[^1]}'", typo.Error);
        Assert.Contains("Usage:", typo.Output);
        Assert.DoesNotContain("Now listening", typo.Output + typo.Error);
    }

    [Fact]
    public async Task Status_on_a_fresh_data_directory_prints_the_node_and_its_green_sections()
    {
        using var data = new TempDirectory();

        var status = await RunAsync("status", "--data-directory", data.Path);

        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("Server: Stopped", status.Output);
        foreach (var section in new[] { "general", "database", "cluster", "log", "startup" })
        {
            Assert.Contains($"green {section}", status.Output);
        }
    }

    [Fact]
    public async Task An_export_of_one_data_directory_previews_on_another_without_writing()
    {
        using var source = new TempDirectory();
        using var target = new TempDirectory();
        var file = Path.Combine(source.Path, "node.vmoconfig");

        var export = await RunAsync("export", "-o", file, "--data-directory", source.Path);
        Assert.True(export.ExitCode == 0, export.ToString());
        var exported = JsonNode.Parse(await File.ReadAllTextAsync(file, Ct))!;
        Assert.Equal("orchestrator-console-configuration", (string?)exported["format"]);

        var preview = await RunAsync("import", "--file", file, "--preview", "--data-directory", target.Path);
        Assert.True(preview.ExitCode == 0, preview.ToString());
        var answer = JsonNode.Parse(preview.Output)!;
        Assert.Contains(answer["sections"]!.AsArray(), s => (string?)s!["section"] == "database");
        Assert.Equal((string?)exported["source"]!["nodeId"], (string?)answer["sourceNodeId"]);
    }

    [Fact]
    public async Task A_bad_file_is_refused_with_exit_code_1_and_its_message()
    {
        using var target = new TempDirectory();
        var file = Path.Combine(target.Path, "hello.vmoconfig");
        await File.WriteAllTextAsync(file, "{\"hello\":1}", Ct);

        var import = await RunAsync("import", "--file", file, "--data-directory", target.Path);

        Assert.True(import.ExitCode == 1, import.ToString());
        Assert.Contains("written by another program", import.Error);
    }

    [Fact]
    public async Task A_remote_node_that_cannot_be_reached_exits_with_3()
    {
        var status = await RunAsync("status", "--node", "http://127.0.0.1:1", "--user", "vmware", "--password", "Whatever-1!");

        Assert.True(status.ExitCode == 3, status.ToString());
        Assert.False(string.IsNullOrWhiteSpace(status.Error), status.ToString());
    }

    [Fact]
    public async Task A_missing_required_option_exits_with_2()
    {
        using var data = new TempDirectory();

        var import = await RunAsync("import", "--data-directory", data.Path);

        Assert.True(import.ExitCode == 2, import.ToString());
        Assert.Contains("--file", import.Error);
    }

    [Fact]
    public async Task A_password_set_locally_signs_in_through_the_api_of_a_node_started_on_that_data_directory()
    {
        using var data = new TempDirectory();
        const string password = "Reset-Pass-42!";

        var reset = await RunAsync("accounts", "set-password", "--user-name", "vmware", "--new-password", password, "--data-directory", data.Path);
        Assert.True(reset.ExitCode == 0, reset.ToString());

        await using var node = await ConsoleNode.StartAsync(dataDirectory: data.Path, cancellationToken: Ct);
        var token = await node.GetTokenAsync("vmware", password, Ct);
        using var client = node.CreateClient(token);
        using var me = await client.GetAsync("/api/node", Ct);
        Assert.True(me.IsSuccessStatusCode, $"{(int)me.StatusCode}: {await me.Content.ReadAsStringAsync(Ct)}");
    }

    [Fact]
    public async Task A_password_that_breaks_the_policy_is_refused_with_exit_code_1()
    {
        using var data = new TempDirectory();

        var reset = await RunAsync("accounts", "set-password", "--user-name", "vmware", "--new-password", "short", "--data-directory", data.Path);

        Assert.True(reset.ExitCode == 1, reset.ToString());
        Assert.False(string.IsNullOrWhiteSpace(reset.Error), reset.ToString());
    }
}
