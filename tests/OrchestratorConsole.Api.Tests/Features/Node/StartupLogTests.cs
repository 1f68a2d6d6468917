using OrchestratorConsole.Api.Tests.Infrastructure;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Api.Tests.Features.Node;

/// <summary>What a node says when it starts: nothing an administrator of a fresh install cannot act on.</summary>
public sealed class StartupLogTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_fresh_node_logs_no_warning_and_one_line_on_how_its_key_ring_is_protected()
    {
        await using var node = await ConsoleNode.StartAsync(NodeApi.AdminSettings, cancellationToken: Ct);
        using var api = await NodeApi.SignInAsync(node, Ct);
        var nodeLog = (await api.GetJsonAsync("/api/logs?lines=5000", Ct))["lines"]!.AsArray().Select(l => (string)l!).ToList();
        var console = node.Output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();

        Assert.Contains(console, l => l.StartsWith("info:", StringComparison.Ordinal));
        Assert.DoesNotContain(console, l => l.StartsWith("warn:", StringComparison.Ordinal) || l.StartsWith("fail:", StringComparison.Ordinal) || l.StartsWith("crit:", StringComparison.Ordinal));
        Assert.DoesNotContain(nodeLog, l => l.Contains(" WARN ", StringComparison.Ordinal) || l.Contains(" ERROR ", StringComparison.Ordinal) || l.Contains(" FATAL ", StringComparison.Ordinal));
        Assert.DoesNotContain("No XML encryptor configured", node.Output);
        Assert.Single(nodeLog, l => l.Contains("Data Protection keys in", StringComparison.Ordinal));
        Assert.Contains(nodeLog, l => l.Contains("only this account may read it (mode 0700)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_wrong_certificate_password_stops_the_start_with_one_line_naming_the_key()
    {
        using var data = new TempDirectory();
        var certificate = TestCertificates.WritePkcs12(Path.Combine(data.Path, "key-ring.pfx"), "Cert#Pass1");

        var line = await RefusedStart.RunAsync(data.Path, new Dictionary<string, string>
        {
            ["Node__DataDirectory"] = Path.Combine(data.Path, "node"),
            ["DataProtection__Certificate__Path"] = certificate,
            ["DataProtection__Certificate__Password"] = "Wrong#Pass1",
        });

        Assert.StartsWith("Orchestrator Console did not start: DataProtection:Certificate:Path", line);
        Assert.Contains("DataProtection:Certificate:Password", line);
        Assert.DoesNotContain("Wrong#Pass1", line);
    }
}
