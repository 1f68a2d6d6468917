using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace OrchestratorConsole.Testing;

/// <summary>
/// An OpenLDAP slapd of the test's own, for a test that stops and starts the directory or changes the tests' entries:
/// its own folder (cn=config and mdb data), its own two loopback ports (ldap:// with StartTLS, ldaps://), the entries
/// of <c>Directory/directory.ldif</c>, and the certificate and CA of the shared directory (test.sh's variables).
/// It runs as root, as test.sh's does; it is stopped and started by its pid, and disposing stops it and deletes its
/// folder. A test that needs it fails (never skips) when slapd or test.sh's variables are missing.
/// </summary>
public sealed class PrivateDirectory : DirectoryServer, IDisposable
{
    private const int PortAttempts = 5;
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ListenTimeout = TimeSpan.FromSeconds(10);

    private readonly string _slapd;
    private readonly TempDirectory _folder;

    private PrivateDirectory(string slapd, TempDirectory folder, string adminPassword)
        : base(new Uri("ldap://127.0.0.1:1"), new Uri("ldaps://127.0.0.1:1"), TestDirectory.RequiredFile(TestDirectory.CaVariable),
            TestDirectory.Shared.CaDirectory, TestDirectory.Shared.AdminDn, adminPassword)
    {
        _slapd = slapd;
        _folder = folder;
    }

    /// <summary>The pid of the running slapd, or null while it is stopped.</summary>
    public int? Pid { get; private set; }

    private string Root => _folder.Path;

    private string ConfigDirectory => Path.Combine(Root, "config");

    private string PidFile => Path.Combine(Root, "slapd.pid");

    private string LogFile => Path.Combine(Root, "slapd.log");

    /// <summary>Makes the configuration and the database, starts slapd on two free ports and adds the tests' entries.</summary>
    public static async Task<PrivateDirectory> CreateAsync(CancellationToken cancellationToken = default)
    {
        var slapd = TestDirectory.RequiredFile(TestDirectory.SlapdVariable);
        foreach (var variable in new[] { TestDirectory.CaVariable, TestDirectory.CertificateVariable, TestDirectory.KeyVariable, TestDirectory.LdapAddVariable })
        {
            TestDirectory.RequiredFile(variable);
        }

        _ = TestDirectory.Shared;
        var directory = new PrivateDirectory(slapd, new TempDirectory(), Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant());
        try
        {
            await directory.InitializeAsync(cancellationToken);
            return directory;
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    /// <summary>Stops slapd by its pid: SIGTERM and a wait for it to end, or SIGKILL at once when <paramref name="crash"/>.</summary>
    public async Task StopAsync(bool crash = false, CancellationToken cancellationToken = default)
    {
        if (Pid is not { } pid)
        {
            throw new InvalidOperationException("The private directory is not running.");
        }

        await StopPidAsync(pid, crash, cancellationToken);
        Pid = null;
    }

    /// <summary>Starts slapd again on the same ports, with the entries as they were when it stopped.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Pid is not null)
        {
            throw new InvalidOperationException($"The private directory runs already (pid {Pid}).");
        }

        if (!await TryStartAsync(LdapPort, LdapsPort, cancellationToken))
        {
            throw new InvalidOperationException($"slapd did not start again on ports {LdapPort} and {LdapsPort}. Its output:\n{Log()}");
        }
    }

    public void Dispose()
    {
        try
        {
            if (Pid is { } pid)
            {
                using var timeout = new CancellationTokenSource(CommandTimeout);
                StopPidAsync(pid, crash: true, timeout.Token).GetAwaiter().GetResult();
                Pid = null;
            }
        }
        finally
        {
            _folder.Dispose();
        }
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var files = Path.Combine(AppContext.BaseDirectory, "Directory");
        var config = (await File.ReadAllTextAsync(Path.Combine(files, "slapd-config.ldif"), cancellationToken))
            .Replace("@ROOT@", Root, StringComparison.Ordinal)
            .Replace("@CA@", CaFile, StringComparison.Ordinal)
            .Replace("@CERT@", TestDirectory.RequiredFile(TestDirectory.CertificateVariable), StringComparison.Ordinal)
            .Replace("@KEY@", TestDirectory.RequiredFile(TestDirectory.KeyVariable), StringComparison.Ordinal)
            .Replace("@ADMIN_PASSWORD@", AdminPassword, StringComparison.Ordinal);
        var configLdif = Path.Combine(Root, "config.ldif");
        await File.WriteAllTextAsync(configLdif, config, cancellationToken);
        Directory.CreateDirectory(ConfigDirectory);
        Directory.CreateDirectory(Path.Combine(Root, "data"));
        var slapadd = Path.Combine(Path.GetDirectoryName(_slapd)!, "slapadd");
        await RunAsync(slapadd, ["-n0", "-F", ConfigDirectory, "-l", configLdif], cancellationToken);
        File.Delete(configLdif);

        var started = false;
        for (var attempt = 1; attempt <= PortAttempts && !started; attempt++)
        {
            started = await TryStartAsync(FreePort(), FreePort(), cancellationToken);
        }

        if (!started)
        {
            throw new InvalidOperationException($"slapd did not start after {PortAttempts} attempts. Its output:\n{Log()}");
        }

        var passwordFile = Path.Combine(Root, "admin.pw");
        await File.WriteAllTextAsync(passwordFile, AdminPassword, cancellationToken);
        await RunAsync(
            TestDirectory.RequiredFile(TestDirectory.LdapAddVariable),
            ["-x", "-H", LdapUrl.ToString(), "-D", AdminDn, "-y", passwordFile, "-f", Path.Combine(files, "directory.ldif")],
            cancellationToken);
        File.Delete(passwordFile);
    }

    /// <summary>
    /// Starts slapd without -d: it forks, and the first process exits (0) once the child has bound its ports, or
    /// non-zero when it could not; the child's pid is then in the pid file. The child calls listen() only when its
    /// daemon thread runs, a moment later, so the start ends when both ports accept a connection.
    /// </summary>
    private async Task<bool> TryStartAsync(int ldapPort, int ldapsPort, CancellationToken cancellationToken)
    {
        if (ldapPort == ldapsPort)
        {
            return false;
        }

        var ldap = new Uri(string.Create(CultureInfo.InvariantCulture, $"ldap://127.0.0.1:{ldapPort}"));
        var ldaps = new Uri(string.Create(CultureInfo.InvariantCulture, $"ldaps://127.0.0.1:{ldapsPort}"));
        File.Delete(PidFile);
        // The daemon keeps the descriptors it inherits; a log file instead of pipes lets this wait end.
        var outcome = await RunProcessAsync(
            "/bin/sh",
            ["-c", "exec \"$0\" -F \"$1\" -h \"$2\" >>\"$3\" 2>&1", _slapd, ConfigDirectory, $"{ldap} {ldaps}", LogFile],
            cancellationToken);
        if (outcome.ExitCode != 0 || !File.Exists(PidFile))
        {
            return false;
        }

        Pid = int.Parse((await File.ReadAllTextAsync(PidFile, cancellationToken)).Trim(), CultureInfo.InvariantCulture);
        LdapUrl = ldap;
        LdapsUrl = ldaps;
        await WaitUntilListeningAsync(ldapPort, cancellationToken);
        await WaitUntilListeningAsync(ldapsPort, cancellationToken);
        return true;
    }

    private async Task WaitUntilListeningAsync(int port, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return;
            }
            catch (SocketException) when (deadline.Elapsed < ListenTimeout)
            {
                await Task.Delay(20, cancellationToken);
            }
            catch (SocketException exception)
            {
                throw new InvalidOperationException($"slapd (pid {Pid}) did not listen on port {port} within {ListenTimeout}. Its output:\n{Log()}", exception);
            }
        }
    }

    private static async Task StopPidAsync(int pid, bool crash, CancellationToken cancellationToken)
    {
        await RunProcessAsync("kill", [crash ? "-KILL" : "-TERM", pid.ToString(CultureInfo.InvariantCulture)], cancellationToken);
        var deadline = Stopwatch.StartNew();
        while (IsAlive(pid))
        {
            if (deadline.Elapsed > StopTimeout)
            {
                await RunProcessAsync("kill", ["-KILL", pid.ToString(CultureInfo.InvariantCulture)], cancellationToken);
                deadline.Restart();
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    /// <summary>Whether the process lives (a zombie does not count: it no longer listens).</summary>
    private static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state != "Z" && state != "X";
        }
        catch (IOException)
        {
            return false;
        }
    }

    private string Log()
    {
        try
        {
            return File.ReadAllText(LogFile);
        }
        catch (IOException)
        {
            return "(no output)";
        }
    }

    private static async Task RunAsync(string command, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var outcome = await RunProcessAsync(command, arguments, cancellationToken);
        if (outcome.ExitCode != 0)
        {
            throw new InvalidOperationException($"{command} {string.Join(' ', arguments)} failed: {outcome}");
        }
    }

    private static async Task<ProcessOutcome> RunProcessAsync(string command, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(command)
        {
            WorkingDirectory = "/",
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{command} did not start.");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CommandTimeout);
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return new ProcessOutcome(process.ExitCode, await output, await error);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
