using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;

namespace OrchestratorConsole.Testing;

/// <summary>
/// A PostgreSQL server of the test's own, for a test that stops and restarts the database. The binaries come from
/// <c>ORCHESTRATOR_TEST_PG_BIN</c> (test.sh sets it); the server runs as the OS user <c>postgres</c> (it refuses
/// root) on a free loopback port, with a password-protected superuser <c>postgres</c>. Disposing stops it and
/// deletes its folder. A test that needs it fails (never skips) when the binaries are missing.
/// </summary>
public sealed class PrivatePostgres : IDisposable
{
    public const string BinVariable = "ORCHESTRATOR_TEST_PG_BIN";
    private const string OsUser = "postgres";
    private const int PortAttempts = 5;
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);

    private readonly string _bin;
    private readonly string _root;
    private readonly string _password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();

    private PrivatePostgres(string bin, string root)
    {
        _bin = bin;
        _root = root;
    }

    /// <summary>The loopback port the server listens on (kept across <see cref="StopAsync"/> and <see cref="StartAsync"/>).</summary>
    public int Port { get; private set; }

    /// <summary>The superuser's connection, as a builder to derive from.</summary>
    public NpgsqlConnectionStringBuilder Admin => new()
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = OsUser,
        Password = _password,
        Database = "postgres",
    };

    private string DataDirectory => Path.Combine(_root, "data");

    /// <summary>Creates the cluster with <c>initdb</c> and starts the server.</summary>
    public static async Task<PrivatePostgres> CreateAsync(CancellationToken cancellationToken = default)
    {
        var bin = Environment.GetEnvironmentVariable(BinVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{BinVariable} is not set: run the tests with ./test.sh, which names the PostgreSQL binaries.");
        foreach (var tool in new[] { "initdb", "pg_ctl" })
        {
            if (!File.Exists(Path.Combine(bin, tool)))
            {
                throw new InvalidOperationException($"{Path.Combine(bin, tool)} is missing: install PostgreSQL (test.sh does) or correct {BinVariable}.");
            }
        }

        var root = Directory.CreateTempSubdirectory("orch-test-pg-").FullName;
        var server = new PrivatePostgres(bin, root);
        try
        {
            await server.InitializeAsync(cancellationToken);
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>Creates an empty database with a unique name and returns its name.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "t", CancellationToken cancellationToken = default)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(40, prefix.Length + 33)].ToLowerInvariant();
        await using var connection = new NpgsqlConnection(Admin.ToString());
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return name;
    }

    /// <summary>Stops the server at once (<c>pg_ctl -m immediate stop</c>), as a crash would.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await RunAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "stop"], cancellationToken);
        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>Starts the server again on the same port.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (!await TryStartAsync(Port, cancellationToken))
        {
            throw new InvalidOperationException($"PostgreSQL did not start again on port {Port}. Its log:\n{ServerLog()}");
        }
    }

    public void Dispose()
    {
        try
        {
            if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
            {
                using var stop = new CancellationTokenSource(CommandTimeout);
                RunAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "stop"], stop.Token).GetAwaiter().GetResult();
            }
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }
        finally
        {
            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var passwordFile = Path.Combine(_root, "pwfile");
        await File.WriteAllTextAsync(passwordFile, _password + "\n", cancellationToken);
        await RunCommandAsync("chown", ["-R", $"{OsUser}:{OsUser}", _root], asPostgres: false, cancellationToken);
        await RunCommandAsync("chmod", ["700", _root], asPostgres: false, cancellationToken);
        await RunAsync(
            "initdb",
            ["-D", DataDirectory, "-U", OsUser, $"--pwfile={passwordFile}", "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"],
            cancellationToken);
        File.Delete(passwordFile);

        for (var attempt = 1; attempt <= PortAttempts; attempt++)
        {
            if (await TryStartAsync(FreePort(), cancellationToken))
            {
                return;
            }
        }

        throw new InvalidOperationException($"PostgreSQL did not start after {PortAttempts} attempts. Its log:\n{ServerLog()}");
    }

    private async Task<bool> TryStartAsync(int port, CancellationToken cancellationToken)
    {
        var options = $"-c listen_addresses=127.0.0.1 -c port={port.ToString(CultureInfo.InvariantCulture)} -c unix_socket_directories={_root} -c fsync=off -c max_connections=100";
        try
        {
            await RunAsync("pg_ctl", ["-D", DataDirectory, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "60", "-o", options, "start"], cancellationToken);
            Port = port;
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private string ServerLog()
    {
        try
        {
            return File.ReadAllText(Path.Combine(_root, "server.log"));
        }
        catch (IOException)
        {
            return "(no server log)";
        }
    }

    private Task RunAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        RunCommandAsync(Path.Combine(_bin, tool), arguments, asPostgres: true, cancellationToken);

    /// <summary>Runs a command (as <c>postgres</c> through <c>runuser</c> when asked) from <c>/</c>, which that user may enter.</summary>
    private static async Task RunCommandAsync(string command, IReadOnlyList<string> arguments, bool asPostgres, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : command)
        {
            WorkingDirectory = "/",
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asPostgres)
        {
            foreach (var argument in new[] { "-u", OsUser, "--", command })
            {
                start.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{command} did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CommandTimeout);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{command} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await output}{await error}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
