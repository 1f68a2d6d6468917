using System.Net;
using System.Text.Json.Nodes;
using OrchestratorConsole.Api.Tests.Infrastructure;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Api.Tests.Features.Cli;

/// <summary><c>keys backup</c> and <c>keys restore</c> between real node processes, the first one's key ring under a certificate.</summary>
public sealed class KeyRingCommandLineTests
{
    private const string CertificatePassword = "Cert#Pass1";
    private const string BackupPassword = "Backup#Pass1";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_backup_restored_onto_a_fresh_data_directory_without_the_certificate_decrypts_the_database_password_saved_before()
    {
        using var files = new TempDirectory();
        using var source = new TempDirectory();
        var certificate = TestCertificates.WritePkcs12(Path.Combine(files.Path, "key-ring.pfx"), CertificatePassword);
        var database = await TestPostgres.CreateDatabaseAsync("keys");
        await using (var node = await ConsoleNode.StartAsync(
            new Dictionary<string, string>(NodeApi.AdminSettings) { ["DataProtection:Certificate:Path"] = certificate, ["DataProtection:Certificate:Password"] = CertificatePassword },
            source.Path,
            Ct))
        {
            using var api = await NodeApi.SignInAsync(node, Ct);
            await api.UsePostgresAsync(TestPostgres.Admin, database, Ct);
            Assert.Contains("encrypted at rest with the certificate", node.Output);
        }

        var keyFiles = Directory.GetFiles(Path.Combine(source.Path, "keys"), "*.xml");
        Assert.NotEmpty(keyFiles);
        Assert.All(keyFiles, f => Assert.Contains("EncryptedKey", File.ReadAllText(f)));
        Assert.All(keyFiles, f => Assert.DoesNotContain("masterKey", File.ReadAllText(f)));

        var backupFile = Path.Combine(files.Path, "node1.vmokeys");
        var backup = await CommandLine.RunAsync(
            ["keys", "backup", backupFile, "--password", BackupPassword, "--data-directory", source.Path],
            new Dictionary<string, string> { ["DataProtection__Certificate__Path"] = certificate, ["DataProtection__Certificate__Password"] = CertificatePassword });
        Assert.True(backup.ExitCode == 0, backup.ToString());

        // A fresh data directory with the first node's settings store (its saved, encrypted password) and no key ring.
        using var target = new TempDirectory();
        foreach (var store in new[] { "node-settings.db", "node-settings.db-wal" }.Select(f => Path.Combine(source.Path, f)).Where(File.Exists))
        {
            File.Copy(store, Path.Combine(target.Path, Path.GetFileName(store)));
        }

        var wrong = await CommandLine.RunAsync(["keys", "restore", backupFile, "--password", "Wrong#Pass1", "--data-directory", target.Path]);
        Assert.True(wrong.ExitCode == 1, wrong.ToString());
        Assert.Contains("password does not open", wrong.Error);
        Assert.False(Directory.Exists(Path.Combine(target.Path, "keys")), "A refused restore created the key ring folder.");

        var restore = await CommandLine.RunAsync(["keys", "restore", backupFile, "--data-directory", target.Path], new Dictionary<string, string> { ["ORCHESTRATOR_KEYS_PASSWORD"] = BackupPassword });
        Assert.True(restore.ExitCode == 0, restore.ToString());

        await using var restored = await ConsoleNode.StartAsync(NodeApi.AdminSettings, target.Path, Ct);
        using var restoredApi = await NodeApi.SignInAsync(restored, Ct);
        using var test = await restoredApi.SendAsync(HttpMethod.Post, "/api/database/test", cancellationToken: Ct);
        var answer = JsonNode.Parse(await NodeApi.EnsureAsync(test, HttpStatusCode.OK, Ct))!;
        Assert.True((bool)answer["ok"]!, answer.ToJsonString());
    }

    [Fact]
    public async Task Keys_refuses_a_remote_node_and_a_missing_password_with_exit_code_2()
    {
        using var data = new TempDirectory();
        var file = Path.Combine(data.Path, "none.vmokeys");

        var remote = await CommandLine.RunAsync(["keys", "backup", file, "--password", BackupPassword, "--node", "http://127.0.0.1:1"]);
        var noPassword = await CommandLine.RunAsync(["keys", "backup", file, "--data-directory", data.Path]);

        Assert.True(remote.ExitCode == 2, remote.ToString());
        Assert.Contains("without --node", remote.Error);
        Assert.True(noPassword.ExitCode == 2, noPassword.ToString());
        Assert.Contains("ORCHESTRATOR_KEYS_PASSWORD", noPassword.Error);
        Assert.False(File.Exists(file));
    }
}
