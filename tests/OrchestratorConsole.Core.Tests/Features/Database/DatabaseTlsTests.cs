using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using OrchestratorConsole.Core.Features.Certificates;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Database;
using OrchestratorConsole.Core.Features.Trust;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Core.Tests.Features.Database;

/// <summary>
/// The Orchestrator database over TLS, against the test server that test.sh starts with <c>ssl=on</c> and a
/// certificate of an authority of its own (for localhost and 127.0.0.1).
/// </summary>
public sealed class DatabaseTlsTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private NodeHost _node = null!;

    private DatabaseConnectionTester Tester => _node.Get<DatabaseConnectionTester>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string ServerSha256 => CertificateDetails.Fingerprint(X509Certificate2.CreateFromPem(TestPostgres.ServerCertificatePem));

    public async ValueTask InitializeAsync() => _node = await NodeHost.StartAsync(new NodeHostOptions { DataDirectory = _data.Path }, Ct);

    public async ValueTask DisposeAsync()
    {
        await _node.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task VerifyFull_with_the_servers_CA_in_SSL_trust_connects_encrypted_and_names_the_certificate()
    {
        await _node.Get<TrustService>().TrustPemAsync(TestActors.Administrator(), TestPostgres.CaCertificatePem, Ct);
        var settings = await TestDatabases.FreshPostgresAsync() with { SslMode = DatabaseSslMode.VerifyFull };

        var result = await Tester.TestAsync(settings, clusterMode: false, Ct);

        Assert.True(result.Ok, string.Join(" | ", result.Checks.Select(c => $"{c.Name}: {c.Message}")));
        var encryption = Assert.IsType<ConnectionEncryption>(result.Encryption);
        Assert.True(encryption.Encrypted);
        Assert.StartsWith("TLS", encryption.Protocol);
        Assert.Equal(ServerSha256, encryption.Certificate?.Sha256);
        Assert.Equal("CN=localhost", encryption.Certificate?.Subject);
        Assert.StartsWith("Encrypted: TLS", Check(result, DatabaseConnectionTester.EncryptionCheck).Message);
        Assert.Contains($"sha256 {ServerSha256}", Check(result, DatabaseConnectionTester.EncryptionCheck).Message);
    }

    [Fact]
    public async Task VerifyFull_by_the_name_localhost_passes_the_host_check()
    {
        await _node.Get<TrustService>().TrustPemAsync(TestActors.Administrator(), TestPostgres.CaCertificatePem, Ct);
        var settings = await TestDatabases.FreshPostgresAsync() with { Host = "localhost", SslMode = DatabaseSslMode.VerifyFull };

        var result = await Tester.TestAsync(settings, clusterMode: false, Ct);

        Assert.True(result.Ok, string.Join(" | ", result.Checks.Select(c => $"{c.Name}: {c.Message}")));
        Assert.True(result.Encryption?.Encrypted);
    }

    [Fact]
    public async Task A_trusted_CA_does_not_excuse_a_host_name_the_certificate_was_not_issued_for()
    {
        await _node.Get<TrustService>().TrustPemAsync(TestActors.Administrator(), TestPostgres.CaCertificatePem, Ct);
        using var server = X509Certificate2.CreateFromPem(TestPostgres.ServerCertificatePem);
        var trust = _node.Get<DatabaseCertificateTrust>();
        var check = new DatabaseCertificateCheck();

        // What the handshake reports when the host called is not among the certificate's names.
        var accepted = trust.Validate(DatabaseSslMode.VerifyFull, "db.example.com", server, null, SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateChainErrors, check);

        Assert.False(accepted);
        Assert.StartsWith("The database server's certificate is not issued for 'db.example.com' (its names: localhost, 127.0.0.1)", check.Refusal);
        Assert.True(trust.Validate(DatabaseSslMode.VerifyFull, "localhost", server, null, SslPolicyErrors.RemoteCertificateChainErrors, new DatabaseCertificateCheck()));
    }

    [Fact]
    public async Task VerifyFull_without_the_CA_trusted_is_refused_naming_the_certificate()
    {
        var settings = await TestDatabases.FreshPostgresAsync() with { SslMode = DatabaseSslMode.VerifyFull };

        var result = await Tester.TestAsync(settings, clusterMode: false, Ct);

        Assert.False(result.Ok);
        Assert.Null(result.ServerVersion);
        var check = Assert.Single(result.Checks);
        Assert.Equal((DatabaseConnectionTester.CertificateCheck, false), (check.Name, check.Ok));
        Assert.Equal(
            $"The database server's certificate is not trusted: CN=localhost, issued by CN=Orchestrator test database CA, sha256 {ServerSha256}. Add it or its CA in SSL trust, or choose another TLS mode.",
            check.Message);
        Assert.Equal(ServerSha256, result.Encryption?.Certificate?.Sha256);
    }

    [Fact]
    public async Task VerifyFull_to_an_untrusted_server_fails_before_the_password_is_used()
    {
        // A wrong password would be refused by the server; the refusal comes from the certificate, so no password got that far.
        var settings = await TestDatabases.FreshPostgresAsync() with { SslMode = DatabaseSslMode.VerifyFull, Password = "not-the-password" };

        var result = await Tester.TestAsync(settings, clusterMode: false, Ct);

        var check = Assert.Single(result.Checks);
        Assert.Equal(DatabaseConnectionTester.CertificateCheck, check.Name);
        Assert.DoesNotContain("password", check.Message, StringComparison.OrdinalIgnoreCase);

        // The same settings in Require mode do reach authentication: the wrong password is what refuses them.
        var require = await Tester.TestAsync(settings with { SslMode = DatabaseSslMode.Require }, clusterMode: false, Ct);
        Assert.Contains("refused the user name or password", Assert.Single(require.Checks).Message);
    }

    [Fact]
    public async Task Every_other_connection_to_an_untrusted_server_fails_with_a_sentence_about_the_handshake()
    {
        var settings = await TestDatabases.FreshPostgresAsync() with { SslMode = DatabaseSslMode.VerifyFull };

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => _node.Get<OrchestratorSchemaService>().GetStatusAsync(settings, Ct));

        Assert.StartsWith($"The database server at {settings.Host}:{settings.Port} was refused in the TLS handshake, before any password was sent", DatabaseFailures.Describe(failure, settings));
    }

    [Fact]
    public async Task A_CA_removed_from_SSL_trust_no_longer_vouches_for_the_server()
    {
        var trust = _node.Get<TrustService>();
        var added = await trust.TrustPemAsync(TestActors.Administrator(), TestPostgres.CaCertificatePem, Ct);
        await trust.RemoveAsync(TestActors.Administrator(), added.Sha256, Ct);
        var settings = await TestDatabases.FreshPostgresAsync() with { SslMode = DatabaseSslMode.VerifyFull };

        var result = await Tester.TestAsync(settings, clusterMode: false, Ct);

        Assert.Equal(DatabaseConnectionTester.CertificateCheck, Assert.Single(result.Checks).Name);
    }

    [Fact]
    public async Task Disable_reports_a_connection_in_clear()
    {
        var settings = await TestDatabases.FreshPostgresAsync() with { SslMode = DatabaseSslMode.Disable };

        var result = await Tester.TestAsync(settings, clusterMode: false, Ct);

        Assert.True(result.Ok, string.Join(" | ", result.Checks.Select(c => $"{c.Name}: {c.Message}")));
        Assert.False(result.Encryption?.Encrypted);
        Assert.Null(result.Encryption?.Certificate);
        Assert.StartsWith("Not encrypted", Check(result, DatabaseConnectionTester.EncryptionCheck).Message);
    }

    [Fact]
    public async Task Require_encrypts_without_asking_who_the_server_is_and_reports_its_certificate()
    {
        var settings = await TestDatabases.FreshPostgresAsync() with { SslMode = DatabaseSslMode.Require };

        var result = await Tester.TestAsync(settings, clusterMode: false, Ct);

        Assert.True(result.Ok, string.Join(" | ", result.Checks.Select(c => $"{c.Name}: {c.Message}")));
        Assert.True(result.Encryption?.Encrypted);
        Assert.Equal(ServerSha256, result.Encryption?.Certificate?.Sha256);
    }

    [Fact]
    public async Task The_schema_installs_and_reads_over_a_VerifyFull_connection()
    {
        await _node.Get<TrustService>().TrustPemAsync(TestActors.Administrator(), TestPostgres.CaCertificatePem, Ct);
        var settings = await TestDatabases.FreshPostgresAsync() with { SslMode = DatabaseSslMode.VerifyFull };
        var schema = _node.Get<OrchestratorSchemaService>();

        await schema.InstallAsync(TestActors.Administrator(), settings, cancellationToken: Ct);

        Assert.True((await schema.GetStatusAsync(settings, Ct)).IsCurrent);
    }

    [Fact]
    public async Task A_node_moved_to_a_new_database_in_VerifyFull_keeps_reaching_it_after_the_install_and_a_restart()
    {
        var admin = TestActors.Administrator();
        // Trusted while the node runs on its embedded database, which keeps the list until the move.
        await _node.Get<TrustService>().TrustPemAsync(admin, TestPostgres.CaCertificatePem, Ct);
        var configuration = _node.Get<ConfigurationService>();
        var settings = await TestDatabases.FreshPostgresAsync() with { SslMode = DatabaseSslMode.VerifyFull };
        await configuration.SaveAsync(admin, settings, (await configuration.GetAsync<DatabaseSettings>(Ct)).Version, null, Ct);

        await _node.Get<DatabaseCommands>().InstallAsync(admin, null, Ct);
        // The node now reads the list from the new database: it must still hold the CA.
        await _node.Get<PeerTrust>().RefreshAsync(force: true, Ct);

        Assert.Contains(await _node.Get<TrustService>().ListAsync(Ct), t => t.Subject == "CN=Orchestrator test database CA");
        Assert.True((await Tester.TestAsync(settings, clusterMode: false, Ct)).Ok);

        await _node.DisposeAsync();
        _node = await NodeHost.StartAsync(new NodeHostOptions { DataDirectory = _data.Path }, Ct);
        var afterRestart = await Tester.TestAsync(settings, clusterMode: false, Ct);
        Assert.True(afterRestart.Ok, string.Join(" | ", afterRestart.Checks.Select(c => $"{c.Name}: {c.Message}")));
    }

    private static ConnectionCheck Check(ConnectionTestResult result, string name) =>
        Assert.Single(result.Checks, c => c.Name == name);
}
