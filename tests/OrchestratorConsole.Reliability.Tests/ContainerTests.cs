using System.Net;
using System.Text.RegularExpressions;
using OrchestratorConsole.Testing;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace OrchestratorConsole.Reliability.Tests;

/// <summary>
/// What can be checked of the container without a Docker engine: the Dockerfile's publish step gives a console that
/// runs as the image would run it and answers its HEALTHCHECK, and the compose file describes PostgreSQL and two nodes.
/// </summary>
public sealed partial class ContainerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Dockerfile => File.ReadAllText(Path.Combine(RepositoryPaths.Root, "Dockerfile"));

    [Fact]
    public void The_runtime_image_runs_as_a_non_root_user_with_a_healthcheck_and_the_data_directory_as_a_volume()
    {
        var runtime = Dockerfile[Dockerfile.LastIndexOf("FROM ", StringComparison.Ordinal)..];
        Assert.Matches(@"(?m)^FROM mcr\.microsoft\.com/dotnet/aspnet:10\.0 ", runtime);
        Assert.Matches(@"(?m)^USER app$", runtime);
        Assert.Matches(@"(?m)^VOLUME /data$", runtime);
        Assert.Matches(@"(?m)^\s*Node__DataDirectory=/data$", runtime);
        Assert.Matches(@"(?m)^HEALTHCHECK .*CMD \[""dotnet"", ""OrchestratorConsole\.dll"", ""health-probe"", ""http://127\.0\.0\.1:8282/health/ready""\]$", runtime);
        // HTTPS beyond loopback; plain HTTP only on loopback (a plain listener beyond it would be refused at start).
        Assert.Matches(@"(?m)^ENV ASPNETCORE_URLS=""https://\+:8283;http://127\.0\.0\.1:8282""", runtime);
        Assert.True(File.Exists(Path.Combine(RepositoryPaths.Root, ".dockerignore")), "Without a .dockerignore the host's bin/ and obj/ folders would enter the build.");
    }

    [Fact]
    public async Task The_Dockerfile_publish_step_gives_a_console_that_serves_and_answers_its_healthcheck()
    {
        var publish = PublishStep().Match(Dockerfile);
        Assert.True(publish.Success, "The Dockerfile has no `RUN dotnet publish <project> -c <configuration> -o /app` step.");
        using var output = new TempDirectory();

        // The same project and configuration; --no-build, since the test command has just built them.
        var (exit, text) = await RunAsync(RepositoryPaths.Root, "publish", publish.Groups["project"].Value, "-c", publish.Groups["configuration"].Value, "--no-build", "-o", output.Path);
        Assert.True(exit == 0, $"dotnet publish exited with {exit}:\n{text}");
        var assembly = Path.Combine(output.Path, "OrchestratorConsole.dll");
        Assert.True(File.Exists(assembly), $"The publish output has no OrchestratorConsole.dll:\n{text}");

        // Started from another folder, as a service manager starts `dotnet /opt/orchestrator/OrchestratorConsole.dll`.
        using var elsewhere = new TempDirectory();
        await using var node = await ConsoleNode.StartAsync(NodeApi.AdminSettings, cancellationToken: Ct, hostAssembly: assembly, workingDirectory: elsewhere.Path);
        using var client = node.CreateClient();
        foreach (var path in new[] { "/account/login", "/_framework/blazor.web.js", "/_content/MudBlazor/MudBlazor.min.css", "/_content/MudBlazor/MudBlazor.min.js", "/app.css", "/openapi/v1.json" })
        {
            using var response = await client.GetAsync(path, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"The published console answered {(int)response.StatusCode} on {path}");
        }

        var (healthy, healthyText) = await RunAsync(output.Path, "OrchestratorConsole.dll", "health-probe", new Uri(node.BaseAddress, "/health/ready").ToString());
        Assert.True(healthy == 0, $"The HEALTHCHECK's command exited with {healthy} against a ready console: {healthyText}");
        var (unhealthy, _) = await RunAsync(output.Path, "OrchestratorConsole.dll", "health-probe", $"http://127.0.0.1:{ConsoleNode.FreePort()}/health/ready");
        Assert.NotEqual(0, unhealthy);
    }

    [Fact]
    public void The_compose_file_runs_PostgreSQL_and_two_nodes_each_on_its_own_port_with_its_public_url()
    {
        using var reader = new StringReader(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "compose.yaml")));
        // The nodes share their settings through a YAML anchor and merge key, as `docker compose` reads them.
        var compose = (Dictionary<object, object>)new DeserializerBuilder().Build().Deserialize(new MergingParser(new Parser(reader)))!;
        var services = (Dictionary<object, object>)compose["services"];

        var postgres = (Dictionary<object, object>)services["postgres"];
        Assert.StartsWith("postgres:", (string)postgres["image"], StringComparison.Ordinal);
        Assert.True(postgres.ContainsKey("healthcheck"), "PostgreSQL has no healthcheck for the nodes to wait on.");

        var nodes = services.Where(s => (string)s.Key != "postgres").Select(s => (Dictionary<object, object>)s.Value).ToList();
        Assert.Equal(2, nodes.Count);
        var hostPorts = new HashSet<string>();
        var publicUrls = new HashSet<string>();
        foreach (var node in nodes)
        {
            Assert.Equal(".", (string)node["build"]);
            var port = Assert.Single((List<object>)node["ports"]);
            var parts = ((string)port).Split(':');
            Assert.Equal("8283", parts[^1]);
            hostPorts.Add(parts[0]);
            var environment = (Dictionary<object, object>)node["environment"];
            publicUrls.Add((string)environment["Node__PublicUrl"]);
            Assert.StartsWith("https://", (string)environment["Node__PublicUrl"], StringComparison.Ordinal);
            Assert.Contains((List<object>)node["volumes"], v => ((string)v).EndsWith(":/data", StringComparison.Ordinal));
            var depends = (Dictionary<object, object>)node["depends_on"];
            Assert.True(depends.ContainsKey("postgres"), "A node does not wait for PostgreSQL.");
            var healthcheck = (Dictionary<object, object>)node["healthcheck"];
            Assert.Contains("health-probe", ((List<object>)healthcheck["test"]).Cast<string>());
        }

        Assert.Equal(2, hostPorts.Count);
        Assert.Equal(2, publicUrls.Count);
        Assert.Contains("/health/active", File.ReadAllText(Path.Combine(RepositoryPaths.Root, "compose.yaml")), StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, params string[] arguments)
    {
        var outcome = await DotnetProcess.RunAsync(DotnetProcess.StartInfo(workingDirectory, arguments), TimeSpan.FromMinutes(5), Ct)
            ?? throw new TimeoutException($"dotnet {string.Join(' ', arguments)} did not finish within 5 minutes.");
        return (outcome.ExitCode, outcome.Output + outcome.Error);
    }

    [GeneratedRegex(@"(?m)^RUN dotnet publish (?<project>\S+) -c (?<configuration>\S+) -o /app$")]
    private static partial Regex PublishStep();
}
