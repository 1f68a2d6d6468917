using System.Security.Cryptography;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.KeyRing;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Core.Tests.Features.KeyRing;

/// <summary>The key ring at rest under a certificate, and its backup restored where that certificate is not.</summary>
public sealed class KeyRingBackupTests
{
    private const string CertificatePassword = "Cert#Pass1";
    private const string BackupPassword = "Backup#Pass1";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_secret_protected_under_a_certificate_is_read_on_a_fresh_data_directory_without_it_after_a_restore()
    {
        using var files = new TempDirectory();
        var certificate = TestCertificates.WritePkcs12(Path.Combine(files.Path, "key-ring.pfx"), CertificatePassword);
        string stored;
        byte[] backup;
        await using (var source = await NodeHost.StartAsync(new NodeHostOptions { Settings = CertificateSettings(certificate, CertificatePassword) }, Ct))
        {
            stored = source.Get<SecretProtector>().Protect("Database#Pass1");
            var keyFiles = source.Get<KeyRingFolder>().Files();
            Assert.NotEmpty(keyFiles);
            foreach (var keyFile in keyFiles)
            {
                var xml = await File.ReadAllTextAsync(keyFile, Ct);
                Assert.Contains("EncryptedKey", xml);
                Assert.DoesNotContain("masterKey", xml);
            }

            backup = source.Get<KeyRingBackup>().Create(BackupPassword);
        }

        using var target = new TempDirectory();
        await using (var fresh = await NodeHost.StartAsync(new NodeHostOptions { DataDirectory = target.Path }, Ct))
        {
            // Before the restore this node's own key cannot open the secret: the restore is what makes it readable.
            Assert.ThrowsAny<CryptographicException>(() => fresh.Get<SecretProtector>().Unprotect(stored));
            var restored = fresh.Get<KeyRingBackup>().Restore(KeyRingArchive.Read(backup, BackupPassword));
            Assert.Equal(1, restored.Added);
        }

        await using var restarted = await NodeHost.StartAsync(new NodeHostOptions { DataDirectory = target.Path }, Ct);
        Assert.Equal("Database#Pass1", restarted.Get<SecretProtector>().Unprotect(stored));
        Assert.Contains(restarted.Get<KeyRingFolder>().Files(), f => File.ReadAllText(f).Contains("masterKey", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_restore_onto_a_node_with_a_certificate_encrypts_the_keys_with_it_and_keeps_the_keys_it_has()
    {
        using var files = new TempDirectory();
        var certificate = TestCertificates.WritePkcs12(Path.Combine(files.Path, "key-ring.pfx"), CertificatePassword);
        string stored;
        byte[] backup;
        await using (var source = await NodeHost.StartAsync(cancellationToken: Ct))
        {
            stored = source.Get<SecretProtector>().Protect("Mail#Pass1");
            backup = source.Get<KeyRingBackup>().Create(BackupPassword);
        }

        using var target = new TempDirectory();
        var withCertificate = new NodeHostOptions { DataDirectory = target.Path, Settings = CertificateSettings(certificate, CertificatePassword) };
        await using (var node = await NodeHost.StartAsync(withCertificate, Ct))
        {
            var backupFiles = KeyRingArchive.Read(backup, BackupPassword);
            var ring = node.Get<KeyRingBackup>();
            Assert.Equal(1, ring.Restore(backupFiles).Added);
            var again = ring.Restore(backupFiles);
            Assert.Equal((0, 1), (again.Added, again.AlreadyPresent));
        }

        await using var restarted = await NodeHost.StartAsync(withCertificate, Ct);
        var keyFiles = restarted.Get<KeyRingFolder>().Files();
        Assert.Equal(2, keyFiles.Count);
        Assert.All(keyFiles, f => Assert.DoesNotContain("masterKey", File.ReadAllText(f)));
        Assert.Equal("Mail#Pass1", restarted.Get<SecretProtector>().Unprotect(stored));
    }

    [Fact]
    public async Task A_wrong_certificate_password_stops_the_start_naming_the_key()
    {
        using var files = new TempDirectory();
        var certificate = TestCertificates.WritePkcs12(Path.Combine(files.Path, "key-ring.pfx"), CertificatePassword);

        var refused = await Assert.ThrowsAsync<KeyRingCertificateException>(() =>
            NodeHost.StartAsync(new NodeHostOptions { Settings = CertificateSettings(certificate, "Wrong#Pass1") }, Ct));

        Assert.StartsWith("DataProtection:Certificate:Path", refused.Message);
        Assert.Contains("DataProtection:Certificate:Password", refused.Message);
    }

    [Fact]
    public void A_missing_file_and_an_unknown_thumbprint_are_refused_naming_their_key()
    {
        var missing = Assert.Throws<KeyRingCertificateException>(() =>
            KeyRingCertificate.Load(new KeyRingCertificateOptions { Path = "no-such.pfx", Password = "x" }, Path.GetTempPath()));
        var unknown = Assert.Throws<KeyRingCertificateException>(() =>
            KeyRingCertificate.Load(new KeyRingCertificateOptions { Thumbprint = new string('a', 40) }, Path.GetTempPath()));

        Assert.Contains("DataProtection:Certificate:Path", missing.Message);
        Assert.Contains("does not exist", missing.Message);
        Assert.Contains("DataProtection:Certificate:Thumbprint", unknown.Message);
        Assert.Null(KeyRingCertificate.Load(new KeyRingCertificateOptions(), Path.GetTempPath()).Certificate);
    }

    private static Dictionary<string, string?> CertificateSettings(string path, string password) => new()
    {
        ["DataProtection:Certificate:Path"] = path,
        ["DataProtection:Certificate:Password"] = password,
    };
}
