using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Audit;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Node;
using OrchestratorConsole.Core.Features.PlugIns;
using OrchestratorConsole.Core.Features.Telemetry;
using static OrchestratorConsole.Core.Features.ConfigurationTransfer.ConfigurationFileReader;

namespace OrchestratorConsole.Core.Features.ConfigurationTransfer;

/// <summary>
/// Export and import of a node's configuration as one <c>.vmoconfig</c> file, driven by the configuration registry:
/// every section, each installed plug-in's included. Secrets are encrypted under the export password or left out;
/// never Data Protection ciphertext, which no other node can read.
/// </summary>
public sealed class ConfigurationTransferService(
    ConfigurationService configuration,
    PluginService plugins,
    NodeIdentityService identity,
    NodeAddress address,
    AuditService audit,
    ConsoleMetrics metrics)
{
    public const int MinimumPasswordLength = 8;

    public Task<(byte[] Content, string FileName)> ExportAsync(Actor actor, string? password, CancellationToken cancellationToken = default) =>
        ConsoleMetrics.CountAsync(() => WriteExportAsync(actor, password, cancellationToken), metrics.Exported);

    private async Task<(byte[] Content, string FileName)> WriteExportAsync(Actor actor, string? password, CancellationToken cancellationToken)
    {
        actor.DemandAdministrator();
        if (password is not null && password.Length < MinimumPasswordLength)
        {
            throw ValidationFailedException.For("password", $"An export password needs at least {MinimumPasswordLength} characters.");
        }

        TextLimits.Demand("password", "The export password", password, TextLimits.Password);

        var writer = new ConfigurationFileWriter(password);
        var sections = new JsonObject();
        var pluginSection = new JsonObject();
        var installed = (await plugins.InstalledAsync(cancellationToken)).ToDictionary(p => p.Id);
        foreach (var section in configuration.Registry.Sections)
        {
            var values = (await configuration.ReadAsync(section, cancellationToken)).Values;
            if (PluginIdOf(section) is { } id && installed.TryGetValue(id, out var plugin))
            {
                var settings = writer.Fields(section, values, PluginPath(id));
                pluginSection[id] = new JsonObject { ["name"] = plugin.Name, ["version"] = plugin.Version, ["enabled"] = plugin.Enabled, ["settings"] = settings };
            }
            else
            {
                sections[section.Name] = writer.Fields(section, values, section.Name);
            }
        }

        sections[ConfigurationFile.PluginsSection] = pluginSection;
        var general = (await configuration.GetAsync<GeneralSettings>(cancellationToken)).Settings;
        var text = writer.Write(new JsonObject { ["nodeId"] = identity.NodeId.ToString(), ["name"] = general.Name, ["publicUrl"] = address.PublicUrl }, sections);
        await audit.RecordAsync(actor, "configuration.export", null, writer.Encrypted ? "secrets encrypted with the export password" : "secrets left out", cancellationToken: cancellationToken);
        return (Encoding.UTF8.GetBytes(text), ConfigurationFileWriter.FileNameFor(general.Name));
    }

    public Task<ImportPreview> PreviewAsync(Actor actor, byte[] content, string? password, CancellationToken cancellationToken = default) =>
        PreviewAsync(actor, new ImportRequest(content, password, string.Empty), cancellationToken);

    /// <summary>What <paramref name="request"/> would do, its packages counted as installed; nothing is written.</summary>
    public async Task<ImportPreview> PreviewAsync(Actor actor, ImportRequest request, CancellationToken cancellationToken = default)
    {
        actor.DemandAdministrator();
        return await PreviewAsync(Open(request.Content, request.Password), request.Packages, cancellationToken);
    }

    /// <summary>Applies the chosen sections atomically: all of them become revisions in one transaction, or nothing changes.</summary>
    public Task<ImportResult> ApplyAsync(Actor actor, ImportRequest request, CancellationToken cancellationToken = default) =>
        ConsoleMetrics.CountAsync(() => ApplyFileAsync(actor, request, cancellationToken), metrics.Imported);

    private async Task<ImportResult> ApplyFileAsync(Actor actor, ImportRequest request, CancellationToken cancellationToken)
    {
        actor.DemandAdministrator();
        var file = Open(request.Content, request.Password);
        var preview = await PreviewAsync(file, request.Packages, cancellationToken);
        var sections = ChooseSections(preview, request);
        SecretBinding.Check(file, preview, sections, request.Secrets);
        int? Expected(string section) => request.ExpectedVersions is { } versions && versions.TryGetValue(section, out var v) ? v : null;

        var changes = new List<SectionChange>();
        foreach (var name in sections.Where(s => !string.Equals(s, ConfigurationFile.PluginsSection, StringComparison.OrdinalIgnoreCase)))
        {
            var section = configuration.Registry.Require(name);
            changes.Add(new SectionChange(section.Name, SecretBinding.Incoming(file, section, (JsonObject)file.Configuration[section.Name]!, section.Name, request.Secrets), Expected(section.Name)));
        }

        var enabled = new Dictionary<string, bool>();
        if (sections.Contains(ConfigurationFile.PluginsSection, StringComparer.OrdinalIgnoreCase))
        {
            foreach (var (id, node) in (JsonObject)file.Configuration[ConfigurationFile.PluginsSection]!)
            {
                var section = PluginSection(id, request.Packages);
                changes.Add(new SectionChange(section.Name, SecretBinding.Incoming(file, section, node?["settings"] as JsonObject ?? [], PluginPath(id), request.Secrets), Expected(section.Name)));
                if ((bool?)node?["enabled"] is { } flag)
                {
                    enabled[id] = flag;
                }
            }
        }

        // An unauthenticated file's source is only what the file claims: the history says so.
        var source = $"import of {Path.GetFileName(request.FileName)} from node {preview.SourceNode} ({preview.SourceNodeId})" + (file.Encrypted ? string.Empty : ", an unauthenticated file");
        var save = new ConfigurationSave(actor, changes)
        {
            Source = source,
            Action = "configuration.import",
            ClearSecretsSentAsNull = true,
            Alongside = enabled.Count == 0 ? null : (db, ct) => plugins.WriteEnabledAsync(db, actor, enabled, ct),
        };
        var revisions = request.Packages.Count > 0
            ? await plugins.InstallWithAsync(save, request.Packages, cancellationToken)
            : await configuration.SaveManyAsync(save, cancellationToken);
        if (enabled.Count > 0)
        {
            plugins.NotifyChanged();
        }

        var restart = preview.Sections.Any(s => sections.Contains(s.Section, StringComparer.OrdinalIgnoreCase) && s.NeedsRestart && s.Changes);
        return new ImportResult(sections, revisions.Select(r => r.Id).ToList(), restart, source);
    }

    private async Task<ImportPreview> PreviewAsync(OpenedFile file, IReadOnlyList<StagedPackage> packages, CancellationToken cancellationToken)
    {
        var sections = new List<ImportSectionPreview>();
        var reenter = new List<string>();
        var versions = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (name, node) in file.Configuration)
        {
            if (name == ConfigurationFile.PluginsSection)
            {
                continue;
            }

            var section = configuration.Registry.Find(name);
            if (section is null || section.Group is not null || node is not JsonObject incoming)
            {
                sections.Add(new ImportSectionPreview(name, name, false, false, false, false, "This console does not know the section; it is skipped.", []));
                continue;
            }

            var live = await configuration.ReadAsync(section, cancellationToken);
            versions[section.Name] = live.Version;
            var changes = Compare(file, section, live.Values, incoming, section.Name, string.Empty, reenter);
            var isIdentity = section.Flags.HasFlag(FieldFlags.Identity);
            sections.Add(new ImportSectionPreview(section.Name, section.Title, changes.Count > 0, section.Flags.HasFlag(FieldFlags.NeedsRestart), isIdentity, true, isIdentity ? "The node's identity: imported only with override node identity." : null, changes)
            {
                SecretsRequired = SecretBinding.Required(file, section, live.Values, incoming, section.Name, string.Empty),
            });
        }

        var missing = new List<MissingPlugin>();
        if (file.Configuration[ConfigurationFile.PluginsSection] is JsonObject incomingPlugins)
        {
            sections.Add(await PreviewPluginsAsync(file, incomingPlugins, packages, reenter, versions, missing, cancellationToken));
        }

        var source = file.Document["source"] as JsonObject;
        return new ImportPreview(
            Text(source?["name"]) ?? "unknown",
            Text(source?["nodeId"]) ?? string.Empty,
            Text(file.Document["productVersion"]) ?? "unknown",
            file.Encrypted,
            sections,
            missing,
            reenter,
            sections.Where(s => s.Importable && !s.Identity).Select(s => s.Section).ToList())
        {
            ExpectedVersions = versions,
            Authenticated = file.Encrypted,
        };
    }

    private async Task<ImportSectionPreview> PreviewPluginsAsync(OpenedFile file, JsonObject incoming, IReadOnlyList<StagedPackage> packages, List<string> reenter, Dictionary<string, int> versions, List<MissingPlugin> missing, CancellationToken cancellationToken)
    {
        // A package that comes with the import counts as installed, enabled, at its version.
        var local = (await plugins.InstalledAsync(cancellationToken)).ToDictionary(p => p.Id, p => (p.Version, p.Enabled));
        foreach (var package in packages)
        {
            local[package.Manifest.Id] = (package.Manifest.Version.ToString(), true);
        }

        var changes = new List<ImportFieldChange>();
        var required = new List<RequiredSecret>();
        foreach (var (id, node) in incoming)
        {
            var version = Text(node?["version"]) ?? "?";
            if (!local.TryGetValue(id, out var mine) || mine.Version != version)
            {
                missing.Add(new MissingPlugin(id, Text(node?["name"]) ?? id, version, mine.Version));
                continue;
            }

            if ((bool?)node?["enabled"] is { } enabled && enabled != mine.Enabled)
            {
                changes.Add(new ImportFieldChange($"{id}.enabled", mine.Enabled.ToString().ToLowerInvariant(), enabled.ToString().ToLowerInvariant(), false) { Label = $"{Text(node?["name"]) ?? id}: enabled" });
            }

            var section = PluginSection(id, packages);
            var live = await configuration.ReadAsync(section, cancellationToken);
            versions[section.Name] = live.Version;
            var settings = node?["settings"] as JsonObject ?? [];
            changes.AddRange(Compare(file, section, live.Values, settings, PluginPath(id), $"{id}.", reenter));
            required.AddRange(SecretBinding.Required(file, section, live.Values, settings, PluginPath(id), $"{id}."));
        }

        var reason = missing.Count == 0 ? null : $"Install these plug-ins first: {string.Join(", ", missing.Select(m => $"{m.Name} {m.Version}" + (m.LocalVersion is null ? string.Empty : $" (this node has {m.LocalVersion})")))}.";
        return new ImportSectionPreview(ConfigurationFile.PluginsSection, "Plug-ins", changes.Count > 0, true, false, missing.Count == 0, reason, changes) { SecretsRequired = required };
    }

    /// <summary>The fields of <paramref name="incoming"/> that differ from <paramref name="live"/>; secrets the file left out are listed to re-enter instead.</summary>
    private static List<ImportFieldChange> Compare(OpenedFile file, SectionDefinition section, JsonObject live, JsonObject fileValues, string secretPath, string label, List<string> reenter)
    {
        // A file from an older version is compared in the form it will be saved in.
        var incoming = SectionJson.Upgraded(section, fileValues);
        var changes = new List<ImportFieldChange>();
        foreach (var field in section.Fields.Where(f => incoming.ContainsKey(f.Name)))
        {
            var path = $"{secretPath}.{field.Name}";
            if (file.OmittedSecrets.Contains(path))
            {
                reenter.Add(path);
            }
            else if (!JsonNode.DeepEquals(live[field.Name], incoming[field.Name]))
            {
                changes.Add(Change(label + field.Name, live[field.Name], incoming[field.Name], field.IsSecret) with { Label = label.Length == 0 ? field.Label : $"{section.Title}: {field.Label}" });
            }
        }

        return changes;
    }

    private static List<string> ChooseSections(ImportPreview preview, ImportRequest request)
    {
        var identity = request.OverrideIdentity ? preview.Sections.Where(s => s.Identity).Select(s => s.Section) : [];
        var sections = (request.Sections.Count > 0 ? request.Sections : [.. preview.DefaultSections, .. identity])
            .Select(s => s.Trim()).Where(s => s.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var errors = new List<string>();
        foreach (var name in sections)
        {
            var section = preview.Sections.FirstOrDefault(s => string.Equals(s.Section, name, StringComparison.OrdinalIgnoreCase));
            if (section is null)
            {
                errors.Add($"The file holds no section '{name}'.");
            }
            else if (!section.Importable)
            {
                errors.Add($"The section '{name}' cannot be imported: {section.Reason}");
            }
            else if (section.Identity && !request.OverrideIdentity)
            {
                errors.Add($"The section '{name}' is the node's identity: it is imported only with override node identity (when restoring this same node).");
            }
        }

        return errors.Count == 0
            ? sections
            : throw new ValidationFailedException("Nothing was imported: " + string.Join(" ", errors), new Dictionary<string, string[]> { ["sections"] = [.. errors] });
    }

    private static ImportFieldChange Change(string field, JsonNode? current, JsonNode? incoming, bool secret) => secret
        ? new ImportFieldChange(field, current is null ? "(not set)" : "(set)", incoming is null ? "(not set)" : current is null ? "(set)" : "(changed)", true)
        : new ImportFieldChange(field, SectionJson.Display(current), SectionJson.Display(incoming), false);

    /// <summary>A plug-in's section: the one a package of this import brings, or the one installed.</summary>
    private SectionDefinition PluginSection(string id, IReadOnlyList<StagedPackage> packages) =>
        packages.FirstOrDefault(p => p.Manifest.Id == id) is { } package
            ? new PluginSectionDefinition(package.Manifest)
            : configuration.Registry.Require(PluginSectionDefinition.NameOf(id));

    /// <summary>The plug-in whose settings <paramref name="section"/> holds, or null for any other section.</summary>
    private static string? PluginIdOf(SectionDefinition section) =>
        section.Group == ConfigurationRegistry.PluginsGroup ? section.Name[PluginSectionDefinition.Prefix.Length..] : null;

    /// <summary>Where a plug-in's settings stand in the file (and what its secrets are bound to).</summary>
    private static string PluginPath(string id) => $"{ConfigurationFile.PluginsSection}.{id}";
}
