using System.CommandLine;
using System.CommandLine.Help;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Core.Features.Cluster;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.ConfigurationTransfer;
using OrchestratorConsole.Core.Features.Node;
using OrchestratorConsole.Core.Features.Troubleshooting;

namespace OrchestratorConsole.Hosting.Cli;

/// <summary>
/// The command line beside the default <c>serve</c>: each verb works on the local node's data directory, or on a
/// remote node's API with <c>--node</c>. Exit codes: 0 done, 1 refused or invalid, 2 usage, 3 unreachable or not signed in.
/// </summary>
public static class ConsoleCommands
{
    private static readonly JsonSerializerOptions Indented = new(ConfigurationRegistry.JsonOptions) { WriteIndented = true };

    private static readonly Option<string?> NodeOption = new("--node") { Description = "A remote node's console address (https://host:8283); without it the local data directory is used", Recursive = true };
    private static readonly Option<string?> UserOption = new("--user") { Description = "The remote node's administrator (or ORCHESTRATOR_USER)", Recursive = true };
    private static readonly Option<string?> PasswordOption = new("--password") { Description = "That administrator's password (or ORCHESTRATOR_PASSWORD); for keys, the backup's password (or " + KeyRingCommands.PasswordVariable + ")", Recursive = true };
    private static readonly Option<string?> DataDirectoryOption = new("--data-directory") { Description = "The local node's data directory (default: Node:DataDirectory, 'data')", Recursive = true };

    /// <summary>
    /// True when the arguments name a verb of the command line (or ask for help) rather than the web console. Any first
    /// word that is not a switch (<c>--urls</c>) nor a setting (<c>Key=value</c>) is taken as a verb, so that a
    /// mistyped one is refused with the usage instead of starting the server.
    /// </summary>
    public static bool IsCommand(string[] args) =>
        args.Length > 0 && (args[0] is "--help" or "-h" or "-?" or "--version"
            || (args[0] != "serve" && !args[0].StartsWith('-') && !args[0].StartsWith('/') && !args[0].Contains('=')));

    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("Orchestrator Console: the configuration console of an Orchestrator node. Without a verb (or with 'serve') it runs the web console; every standard ASP.NET Core switch such as --urls works.");
        root.Options.Add(NodeOption);
        root.Options.Add(UserOption);
        root.Options.Add(PasswordOption);
        root.Options.Add(DataDirectoryOption);
        root.Subcommands.Add(new Command("serve", "Run the web console (the default): orchestrator-console serve --urls http://0.0.0.0:8283"));
        root.Subcommands.Add(Status());
        root.Subcommands.Add(Export());
        root.Subcommands.Add(Import());
        root.Subcommands.Add(Join());
        root.Subcommands.Add(ResetCurrentVersion());
        root.Subcommands.Add(Accounts());
        root.Subcommands.Add(KeyRingCommands.Create(NodeOption, PasswordOption, DataDirectoryOption));
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await Console.Error.WriteLineAsync(error.Message);
            }

            // The usage of the command that was meant (the root's for an unknown verb).
            await Console.Error.WriteLineAsync();
            new HelpAction().Invoke(parsed);
            return 2;
        }

        return await parsed.InvokeAsync();
    }

    private static Command Status()
    {
        var json = new Option<bool>("--json") { Description = "Print the node's JSON" };
        var command = new Command("status", "The node's id, name, server state and the red/green state of every section; exit 1 while a section is invalid") { json };
        command.SetAction((result, ct) => RunAsync(result, ct,
            remote: async (node, _) => Print(result.GetValue(json), JsonNode.Parse(await node.GetAsync("api/node", ct))!),
            local: async (services, _) => Print(result.GetValue(json), JsonSerializer.SerializeToNode(await services.GetRequiredService<NodeInfoService>().GetAsync(ct), ConfigurationRegistry.JsonOptions)!)));
        return command;
    }

    private static Command Export()
    {
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Where to write the .vmoconfig (default: the node's name in this folder)" };
        var exportPassword = new Option<string?>("--export-password") { Description = "Encrypt the file's secrets with this password (without it secrets are left out)" };
        var command = new Command("export", "Write the node's configuration to a .vmoconfig file") { output, exportPassword };
        command.SetAction((result, ct) => RunAsync(result, ct,
            remote: async (node, _) =>
            {
                var bytes = await node.PostForBytesAsync("api/configuration/export", new { password = result.GetValue(exportPassword) }, ct);
                return await WriteExportAsync(result.GetValue(output)?.FullName ?? "node" + ConfigurationFile.Extension, bytes, ct);
            },
            local: async (services, actor) =>
            {
                var (bytes, name) = await services.GetRequiredService<ConfigurationTransferService>().ExportAsync(actor, result.GetValue(exportPassword), ct);
                return await WriteExportAsync(result.GetValue(output)?.FullName ?? name, bytes, ct);
            }));
        return command;
    }

    private static Command Import()
    {
        var file = new Option<FileInfo>("--file", "-f") { Description = "The .vmoconfig file", Required = true };
        var filePassword = new Option<string?>("--file-password") { Description = "The password the file was exported with" };
        var sections = new Option<string?>("--sections") { Description = "Comma-separated sections to import (default: every section but general)" };
        var overrideIdentity = new Option<bool>("--override-identity") { Description = "Also import the node's identity (only when restoring this same node)" };
        var preview = new Option<bool>("--preview") { Description = "Show what would change, write nothing" };
        var command = new Command("import", "Import a .vmoconfig file: preview it, then apply it atomically") { file, filePassword, sections, overrideIdentity, preview };
        command.SetAction((result, ct) =>
        {
            var info = result.GetValue(file)!;
            if (!info.Exists)
            {
                Console.Error.WriteLine($"{info.FullName} does not exist.");
                return Task.FromResult(2);
            }

            var chosen = result.GetValue(sections)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
            return RunAsync(result, ct,
                remote: async (node, _) =>
                {
                    using var form = new MultipartFormDataContent();
                    var content = new ByteArrayContent(await File.ReadAllBytesAsync(info.FullName, ct));
                    content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                    form.Add(content, "file", info.Name);
                    form.Add(new StringContent(result.GetValue(filePassword) ?? string.Empty), "password");
                    if (chosen.Length > 0)
                    {
                        form.Add(new StringContent(string.Join(',', chosen)), "sections");
                    }

                    form.Add(new StringContent(result.GetValue(overrideIdentity).ToString()), "overrideIdentity");
                    var answer = await node.PostFormAsync(result.GetValue(preview) ? "api/configuration/import/preview" : "api/configuration/import", form, ct);
                    return Print(false, JsonNode.Parse(answer)!);
                },
                local: async (services, actor) =>
                {
                    var transfer = services.GetRequiredService<ConfigurationTransferService>();
                    var bytes = await File.ReadAllBytesAsync(info.FullName, ct);
                    object outcome = result.GetValue(preview)
                        ? await transfer.PreviewAsync(actor, bytes, result.GetValue(filePassword), ct)
                        : await transfer.ApplyAsync(actor, new ImportRequest(bytes, result.GetValue(filePassword), info.Name) { Sections = chosen ?? [], OverrideIdentity = result.GetValue(overrideIdentity) }, ct);
                    return Print(false, JsonSerializer.SerializeToNode(outcome, ConfigurationRegistry.JsonOptions)!);
                });
        });
        return command;
    }

    private static Command Join()
    {
        var url = new Option<string>("--node-url") { Description = "The address of a node of the cluster to join", Required = true };
        var user = new Option<string>("--node-user") { Description = "That node's administrator", Required = true };
        var password = new Option<string>("--node-password") { Description = "That administrator's password", Required = true };
        var command = new Command("join", "Take another node's configuration and plug-ins (this node joins its cluster)") { url, user, password };
        command.SetAction((result, ct) => RunAsync(result, ct,
            remote: async (node, _) => Print(false, JsonNode.Parse(await node.PostJsonAsync("api/cluster/join", new { nodeUrl = result.GetValue(url), userName = result.GetValue(user), password = result.GetValue(password) }, ct))!),
            local: async (services, actor) => Print(false, JsonSerializer.SerializeToNode(await services.GetRequiredService<ClusterSyncService>().JoinAsync(actor, result.GetValue(url), result.GetValue(user), result.GetValue(password), cancellationToken: ct), ConfigurationRegistry.JsonOptions)!)));
        return command;
    }

    private static Command ResetCurrentVersion()
    {
        var command = new Command("reset-current-version", "The next server start reinstalls all plug-in content");
        command.SetAction((result, ct) => RunAsync(result, ct,
            remote: async (node, _) => Print(false, JsonNode.Parse(await node.PostJsonAsync("api/troubleshooting/reset-current-version", null, ct))!),
            local: async (services, actor) =>
            {
                await services.GetRequiredService<TroubleshootingService>().ResetCurrentVersionAsync(actor, ct);
                Console.WriteLine("The next server start reinstalls all plug-in content.");
                return 0;
            }));
        return command;
    }

    private static Command Accounts()
    {
        var userName = new Option<string>("--user-name") { Description = "The account", Required = true };
        var newPassword = new Option<string>("--new-password") { Description = "Its new password (at least 8 characters, a digit, a special character, an uppercase letter)", Required = true };
        var current = new Option<string?>("--current-password") { Description = "Its current password (remote nodes only)" };
        var setPassword = new Command("set-password", "Set an account's password: locally (an operator with the data directory may reset any account, for example a forgotten vmware password), or remotely with the current password") { userName, newPassword, current };
        setPassword.SetAction((result, ct) => RunAsync(result, ct,
            remote: async (node, _) =>
            {
                await node.PostJsonAsync("api/auth/password", new { userName = result.GetValue(userName), currentPassword = result.GetValue(current), newPassword = result.GetValue(newPassword) }, ct);
                Console.WriteLine($"The password of {result.GetValue(userName)} was changed.");
                return 0;
            },
            local: async (services, actor) =>
            {
                await services.GetRequiredService<AccountService>().ResetPasswordAsync(actor, result.GetValue(userName)!, result.GetValue(newPassword)!, ct);
                Console.WriteLine($"The password of {result.GetValue(userName)} was set.");
                return 0;
            },
            remoteNeedsSignIn: false));
        var accounts = new Command("accounts", "Manage accounts") { setPassword };
        return accounts;
    }

    private static Task<int> RunAsync(ParseResult result, CancellationToken cancellationToken, Func<RemoteNode, Actor?, Task<int>> remote, Func<IServiceProvider, Actor, Task<int>> local, bool remoteNeedsSignIn = true) =>
        ReportFailuresAsync(async () =>
        {
            var url = result.GetValue(NodeOption);
            if (url is not null)
            {
                var user = result.GetValue(UserOption) ?? Environment.GetEnvironmentVariable("ORCHESTRATOR_USER");
                var password = result.GetValue(PasswordOption) ?? Environment.GetEnvironmentVariable("ORCHESTRATOR_PASSWORD");
                if (!remoteNeedsSignIn)
                {
                    using var anonymous = await RemoteNode.AnonymousAsync(url, cancellationToken);
                    return await remote(anonymous, null);
                }

                using var node = await RemoteNode.SignInAsync(url, user, password, cancellationToken);
                return await remote(node, null);
            }

            var exit = 0;
            await LocalNode.RunAsync(result.GetValue(DataDirectoryOption), async (services, actor, _) => exit = await local(services, actor), cancellationToken);
            return exit;
        });

    /// <summary>Runs a verb, printing a refusal's message and turning it into the verb's exit code.</summary>
    internal static async Task<int> ReportFailuresAsync(Func<Task<int>> verb)
    {
        try
        {
            return await verb();
        }
        catch (CommandFailedException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return ex.ExitCode;
        }
        catch (ConsoleException ex)
        {
            await Console.Error.WriteLineAsync(ex is ValidationFailedException v ? string.Join(" ", v.Errors.Values.SelectMany(m => m)) : ex.Message);
            return 1;
        }
    }

    private static int Print(bool json, JsonNode node)
    {
        if (json || node["validation"] is null)
        {
            Console.WriteLine(node.ToJsonString(Indented));
            return 0;
        }

        Console.WriteLine($"Node {node["name"]} ({node["nodeId"]}), version {node["productVersion"]}, {node["publicUrl"]}");
        Console.WriteLine($"Server: {node["server"]?["state"]}{(node["server"]?["role"] is { } role ? $" ({role})" : string.Empty)}");
        var invalid = 0;
        foreach (var section in node["validation"]!.AsArray())
        {
            var valid = section!["valid"]!.GetValue<bool>();
            invalid += valid ? 0 : 1;
            Console.WriteLine($"  {(valid ? "green" : "RED  ")} {section["section"]}{(valid ? string.Empty : ": " + string.Join(" ", section["messages"]!.AsArray().Select(m => m!.GetValue<string>())))}");
        }

        return invalid == 0 ? 0 : 1;
    }

    private static async Task<int> WriteExportAsync(string path, byte[] bytes, CancellationToken cancellationToken)
    {
        await File.WriteAllBytesAsync(path, bytes, cancellationToken);
        Console.WriteLine($"Wrote {Path.GetFullPath(path)} ({bytes.Length} bytes).");
        return 0;
    }
}
