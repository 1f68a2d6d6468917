using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using OrchestratorConsole.Core.Features.KeyRing;

namespace OrchestratorConsole.Hosting.Cli;

/// <summary>
/// <c>keys backup</c> and <c>keys restore</c>: the node's Data Protection key ring (which guards every stored secret) to
/// and from a file encrypted with a password. Local only: the key ring never leaves a node through its API.
/// </summary>
internal static class KeyRingCommands
{
    public const string PasswordVariable = "ORCHESTRATOR_KEYS_PASSWORD";

    /// <summary>The <c>keys</c> verbs; <paramref name="password"/> is the command line's <c>--password</c>, here the backup's.</summary>
    public static Command Create(Option<string?> node, Option<string?> password, Option<string?> dataDirectory) =>
        new("keys", "Back up and restore the node's Data Protection key ring, which encrypts its stored secrets")
        {
            Backup(new Parameters(node, password, dataDirectory)),
            Restore(new Parameters(node, password, dataDirectory)),
        };

    private static Command Backup(Parameters parameters)
    {
        var command = new Command("backup", $"Write the key ring, decrypted, to a file encrypted with --password (at least {KeyRingBackup.MinimumPasswordLength} characters): a restore needs only that password, not this node's certificate") { parameters.File, parameters.PasswordStdin };
        command.SetAction((result, ct) => parameters.RunAsync(result, secret =>
            LocalNode.RunOnKeyRingAsync(result.GetValue(parameters.DataDirectory), createDataDirectory: false, async services =>
            {
                var bytes = services.GetRequiredService<KeyRingBackup>().Create(secret);
                var path = result.GetValue(parameters.File)!.FullName;
                await File.WriteAllBytesAsync(path, bytes, ct);
                if (!OperatingSystem.IsWindows())
                {
                    // Encrypted, but still this node's secrets: owner-only, as the key ring's folder.
                    File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }

                Console.WriteLine($"Wrote {path}: the key ring, readable with its password only. Keep it apart from the data directory's backups.");
                return 0;
            })));
        return command;
    }

    private static Command Restore(Parameters parameters)
    {
        var command = new Command("restore", "Add the keys of a backup to this node's key ring (keys it already holds are kept as they are); a wrong --password changes nothing") { parameters.File, parameters.PasswordStdin };
        command.SetAction((result, ct) =>
        {
            var info = result.GetValue(parameters.File)!;
            if (!info.Exists)
            {
                Console.Error.WriteLine($"{info.FullName} does not exist.");
                return Task.FromResult(2);
            }

            return parameters.RunAsync(result, async secret =>
            {
                // Opened before the data directory is touched: a wrong password or an altered file changes nothing.
                var files = KeyRingArchive.Read(await File.ReadAllBytesAsync(info.FullName, ct), secret);
                return await LocalNode.RunOnKeyRingAsync(result.GetValue(parameters.DataDirectory), createDataDirectory: true, services =>
                {
                    var restored = services.GetRequiredService<KeyRingBackup>().Restore(files);
                    Console.WriteLine($"Restored {restored.Added} file(s) into {restored.Folder}; {restored.AlreadyPresent} already there were kept.");
                    return Task.FromResult(0);
                });
            });
        });
        return command;
    }

    /// <summary>What both verbs take: the backup file, and its password from --password, the environment or standard input.</summary>
    private sealed record Parameters(Option<string?> Node, Option<string?> Password, Option<string?> DataDirectory)
    {
        public Argument<FileInfo> File { get; } = new("file") { Description = "The backup file (" + KeyRingArchive.Extension + ")" };

        public Option<bool> PasswordStdin { get; } = new("--password-stdin") { Description = $"Read the backup's password from the first line of standard input (else --password, else {PasswordVariable})" };

        public async Task<int> RunAsync(ParseResult result, Func<string, Task<int>> verb)
        {
            if (result.GetValue(Node) is not null)
            {
                await Console.Error.WriteLineAsync("keys works on this machine's data directory only (the key ring never leaves a node through its API): run it without --node, where the node runs.");
                return 2;
            }

            var secret = result.GetValue(PasswordStdin)
                ? await Console.In.ReadLineAsync()
                : result.GetValue(Password) ?? Environment.GetEnvironmentVariable(PasswordVariable);
            if (string.IsNullOrEmpty(secret))
            {
                await Console.Error.WriteLineAsync($"Give the backup's password with --password, {PasswordVariable} or --password-stdin.");
                return 2;
            }

            return await ConsoleCommands.ReportFailuresAsync(() => verb(secret));
        }
    }
}
