using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Audit;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Node;
using OrchestratorConsole.Core.Features.PlugIns;

namespace OrchestratorConsole.Core.Features.ConfigurationTransfer;

/// <summary>
/// Export and import of a node's configuration as one <c>.vmoconfig</c> file, driven by the field registry: every
/// registered section and field, and every plug-in's settings. Secrets are encrypted under the export password or
/// left out; never Data Protection ciphertext, which no other node can read.
/// </summary>
public sealed class ConfigurationTransferService(
    ConfigurationService configuration,
    PluginService plugins,
    NodeIdentityService identity,
    NodeAddress address,
    AuditService audit)
{
    public const int MinimumPasswordLength = 8;

    public async Task<(byte[] Content, string FileName)> ExportAsync(Actor actor, string? password, CancellationToken cancellationToken = default)
    {
        actor.DemandAdministrator();
        if (password is not null && password.Length < MinimumPasswordLength)
        {
            throw ValidationFailedException.For("password", $"An export password needs at least {MinimumPasswordLength} characters.");
        }

        var salt = RandomNumberGenerator.GetBytes(ExportCrypto.SaltBytes);
        var crypto = string.IsNullOrEmpty(password) ? null : ExportCrypto.Derive(password, salt);
        var clearSecrets = new List<string>();
        JsonNode? Secret(string path, JsonNode? value)
        {
            if (value is null)
            {
                return null;
            }

            var clear = value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();
            clearSecrets.Add(clear);
            return crypto is null ? new JsonObject { ["omitted"] = true } : new JsonObject { ["encrypted"] = crypto.Encrypt(path, clear) };
        }

        var sections = new JsonObject();
        foreach (var section in ConfigurationRegistry.Sections)
        {
            var (values, _) = await configuration.GetClearValuesAsync(section, cancellationToken);
            var exported = new JsonObject();
            foreach (var field in section.Fields)
            {
                exported[field.Name] = field.IsSecret ? Secret(field.Path, values[field.Name]) : values[field.Name]?.DeepClone();
            }

            sections[section.Name] = exported;
        }

        var pluginSection = new JsonObject();
        foreach (var (plugin, manifest, settings) in await plugins.ReadForExportAsync(cancellationToken))
        {
            var exported = new JsonObject();
            foreach (var field in manifest.Configuration)
            {
                exported[field.Name] = field.Type == PluginFieldType.Secret ? Secret(PluginPath(plugin.Id, field.Name), settings[field.Name]) : settings[field.Name]?.DeepClone();
            }

            pluginSection[plugin.Id] = new JsonObject { ["name"] = plugin.Name, ["version"] = plugin.Version, ["enabled"] = plugin.Enabled, ["settings"] = exported };
        }

        sections[ConfigurationFile.PluginsSection] = pluginSection;
        var general = (await configuration.GetAsync<GeneralSettings>(cancellationToken)).Settings;
        var document = new JsonObject
        {
            ["format"] = ConfigurationFile.FormatName,
            ["formatVersion"] = ConfigurationFile.FormatVersion,
            ["productVersion"] = ProductInfo.Version,
            ["source"] = new JsonObject { ["nodeId"] = identity.NodeId.ToString(), ["name"] = general.Name, ["publicUrl"] = address.PublicUrl },
            ["secrets"] = crypto is null ? "omitted" : "encrypted",
            ["encryption"] = crypto is null ? null : new JsonObject
            {
                ["cipher"] = "AES-256-GCM",
                ["kdf"] = "PBKDF2-SHA256",
                ["iterations"] = ExportCrypto.Iterations,
                ["salt"] = Convert.ToBase64String(salt),
                ["passwordCheck"] = crypto.PasswordCheck,
            },
            ["configuration"] = sections,
        };
        var body = CanonicalJson.Bytes(document);
        document["integrity"] = crypto is null
            ? new JsonObject { ["algorithm"] = "SHA-256", ["value"] = Convert.ToBase64String(SHA256.HashData(body)) }
            : new JsonObject { ["algorithm"] = "HMAC-SHA256", ["value"] = crypto.Mac(body) };
        var text = CanonicalJson.Write(document);
        LeakCheck(text, clearSecrets);
        await audit.RecordAsync(actor, "configuration.export", null, crypto is null ? "secrets left out" : "secrets encrypted with the export password", cancellationToken: cancellationToken);
        return (Encoding.UTF8.GetBytes(text), FileNameFor(general.Name));
    }

    public async Task<ImportPreview> PreviewAsync(Actor actor, byte[] content, string? password, CancellationToken cancellationToken = default)
    {
        actor.DemandAdministrator();
        return await PreviewAsync(Open(content, password), cancellationToken);
    }

    private async Task<ImportPreview> PreviewAsync(OpenedFile file, CancellationToken cancellationToken)
    {
        var sections = new List<ImportSectionPreview>();
        var reenter = new List<string>();
        foreach (var (name, node) in file.Configuration)
        {
            if (name == ConfigurationFile.PluginsSection)
            {
                continue;
            }

            var section = ConfigurationRegistry.Find(name);
            if (section is null || node is not JsonObject incoming)
            {
                sections.Add(new ImportSectionPreview(name, name, false, false, false, false, "This console does not know the section; it is skipped.", []));
                continue;
            }

            var (live, _) = await configuration.GetClearValuesAsync(section, cancellationToken);
            var changes = new List<ImportFieldChange>();
            foreach (var field in section.Fields.Where(f => incoming.ContainsKey(f.Name)))
            {
                if (file.OmittedSecrets.Contains(field.Path))
                {
                    reenter.Add(field.Path);
                    continue;
                }

                if (!JsonNode.DeepEquals(live[field.Name], incoming[field.Name]))
                {
                    changes.Add(Change(field.Name, live[field.Name], incoming[field.Name], field.IsSecret));
                }
            }

            var isIdentity = section.Flags.HasFlag(FieldFlags.Identity);
            sections.Add(new ImportSectionPreview(section.Name, section.Title, changes.Count > 0, section.Flags.HasFlag(FieldFlags.NeedsRestart), isIdentity, true, isIdentity ? "The node's identity: imported only with override node identity." : null, changes));
        }

        var (pluginPreview, missing) = await PreviewPluginsAsync(file, reenter, cancellationToken);
        if (pluginPreview is not null)
        {
            sections.Add(pluginPreview);
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
            sections.Where(s => s.Importable && !s.Identity).Select(s => s.Section).ToList());
    }

    /// <summary>Applies the chosen sections atomically: all of them become revisions in one transaction, or nothing changes.</summary>
    public async Task<ImportResult> ApplyAsync(Actor actor, byte[] content, string? password, IReadOnlyList<string>? chosen, bool overrideIdentity, string fileName, CancellationToken cancellationToken = default)
    {
        actor.DemandAdministrator();
        var file = Open(content, password);
        var preview = await PreviewAsync(file, cancellationToken);
        var sections = (chosen is { Count: > 0 } ? chosen : [.. preview.DefaultSections, .. overrideIdentity && preview.Sections.Any(s => s.Identity) ? preview.Sections.Where(s => s.Identity).Select(s => s.Section) : []])
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
            else if (section.Identity && !overrideIdentity)
            {
                errors.Add($"The section '{name}' is the node's identity: it is imported only with override node identity (when restoring this same node).");
            }
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException("Nothing was imported: " + string.Join(" ", errors), new Dictionary<string, string[]> { ["sections"] = [.. errors] });
        }

        var changes = new List<SectionChange>();
        foreach (var name in sections.Where(s => !string.Equals(s, ConfigurationFile.PluginsSection, StringComparison.OrdinalIgnoreCase)))
        {
            var section = ConfigurationRegistry.Find(name)!;
            var values = (JsonObject)file.Configuration[section.Name]!.DeepClone();
            foreach (var field in section.Fields.Where(f => file.OmittedSecrets.Contains(f.Path)))
            {
                values.Remove(field.Name); // a secret left out of the file keeps this node's value
            }

            changes.Add(new SectionChange(section.Name, values, null));
        }

        var importPlugins = sections.Any(s => string.Equals(s, ConfigurationFile.PluginsSection, StringComparison.OrdinalIgnoreCase));
        var pluginValues = importPlugins ? await PluginValuesAsync(file, cancellationToken) : null;
        var source = $"import of {Path.GetFileName(fileName)} from node {preview.SourceNode} ({preview.SourceNodeId})";
        var revisions = await configuration.SaveManyAsync(
            actor,
            changes,
            null,
            source,
            pluginValues is null ? null : (db, ct) => plugins.ApplyImportAsync(db, pluginValues, ct),
            cancellationToken,
            "configuration.import",
            allowEmptySecrets: true);
        if (pluginValues is not null)
        {
            plugins.NotifyChanged();
            await audit.RecordAsync(actor, "configuration.import", ConfigurationFile.PluginsSection, $"{pluginValues.Count} plug-in(s), {source}", cancellationToken: cancellationToken);
        }

        var restart = preview.Sections.Any(s => sections.Contains(s.Section, StringComparer.OrdinalIgnoreCase) && s.NeedsRestart && s.Changes);
        return new ImportResult(sections, revisions.Select(r => r.Id).ToList(), restart, source);
    }

    private async Task<(ImportSectionPreview? Preview, List<MissingPlugin> Missing)> PreviewPluginsAsync(OpenedFile file, List<string> reenter, CancellationToken cancellationToken)
    {
        var missing = new List<MissingPlugin>();
        if (file.Configuration[ConfigurationFile.PluginsSection] is not JsonObject incoming)
        {
            return (null, missing);
        }

        var local = (await plugins.ReadForExportAsync(cancellationToken)).ToDictionary(p => p.Plugin.Id);
        var changes = new List<ImportFieldChange>();
        foreach (var (id, node) in incoming)
        {
            var version = Text(node?["version"]) ?? "?";
            if (!local.TryGetValue(id, out var mine) || mine.Plugin.Version != version)
            {
                missing.Add(new MissingPlugin(id, Text(node?["name"]) ?? id, version, mine.Plugin?.Version));
                continue;
            }

            if ((bool?)node?["enabled"] != mine.Plugin.Enabled)
            {
                changes.Add(new ImportFieldChange($"{id}.enabled", mine.Plugin.Enabled.ToString().ToLowerInvariant(), ((bool?)node?["enabled"])?.ToString().ToLowerInvariant(), false));
            }

            var settings = node?["settings"] as JsonObject ?? [];
            foreach (var field in mine.Manifest.Configuration.Where(f => settings.ContainsKey(f.Name)))
            {
                var path = PluginPath(id, field.Name);
                if (file.OmittedSecrets.Contains(path))
                {
                    reenter.Add(path);
                }
                else if (!JsonNode.DeepEquals(mine.Settings[field.Name], settings[field.Name]))
                {
                    changes.Add(Change($"{id}.{field.Name}", mine.Settings[field.Name], settings[field.Name], field.Type == PluginFieldType.Secret));
                }
            }
        }

        var reason = missing.Count == 0 ? null : $"Install these plug-ins first: {string.Join(", ", missing.Select(m => $"{m.Name} {m.Version}" + (m.LocalVersion is null ? string.Empty : $" (this node has {m.LocalVersion})")))}.";
        return (new ImportSectionPreview(ConfigurationFile.PluginsSection, "Plug-ins", changes.Count > 0, true, false, missing.Count == 0, reason, changes), missing);
    }

    private async Task<Dictionary<string, (bool Enabled, JsonObject Settings)>> PluginValuesAsync(OpenedFile file, CancellationToken cancellationToken)
    {
        var local = (await plugins.ReadForExportAsync(cancellationToken)).ToDictionary(p => p.Plugin.Id);
        var result = new Dictionary<string, (bool, JsonObject)>();
        foreach (var (id, node) in (JsonObject)file.Configuration[ConfigurationFile.PluginsSection]!)
        {
            var mine = local[id];
            var settings = (JsonObject)mine.Settings.DeepClone();
            foreach (var (field, value) in node?["settings"] as JsonObject ?? [])
            {
                if (mine.Manifest.Configuration.Any(f => f.Name == field) && !file.OmittedSecrets.Contains(PluginPath(id, field)))
                {
                    settings[field] = value?.DeepClone();
                }
            }

            result[id] = ((bool?)node?["enabled"] ?? mine.Plugin.Enabled, settings);
        }

        return result;
    }

    /// <summary>Reads and checks a file: size, JSON, format, version, password and integrity; decrypts the secrets.</summary>
    internal static OpenedFile Open(byte[] content, string? password)
    {
        if (content.Length == 0)
        {
            throw Invalid("The file is empty.");
        }

        if (content.Length > ConfigurationFile.MaxBytes)
        {
            throw new PayloadTooLargeException($"The file is {content.Length / 1048576.0:0.#} MB; a configuration export is at most {ConfigurationFile.MaxBytes / 1048576} MB.");
        }

        JsonObject document;
        try
        {
            document = JsonNode.Parse(content) as JsonObject ?? throw Invalid("The file is not an Orchestrator Console configuration export (its JSON is not an object).");
        }
        catch (JsonException)
        {
            throw Invalid("The file is not a complete configuration export: it is truncated, damaged or not JSON.");
        }

        if (Text(document["format"]) != ConfigurationFile.FormatName)
        {
            throw Invalid($"The file is not an Orchestrator Console configuration export (it lacks \"format\": \"{ConfigurationFile.FormatName}\"); was it written by another program?");
        }

        var formatVersion = document["formatVersion"] is JsonValue v && v.TryGetValue<int>(out var fv) ? fv : 0;
        if (formatVersion > ConfigurationFile.FormatVersion)
        {
            throw Invalid($"The file was written by a newer version of the console (format {formatVersion}); this node reads format {ConfigurationFile.FormatVersion}. Upgrade this node first.");
        }

        if (formatVersion < 1)
        {
            throw Invalid("The file's format version is missing or invalid.");
        }

        var integrity = document["integrity"] as JsonObject;
        var unsigned = (JsonObject)document.DeepClone();
        unsigned.Remove("integrity");
        var body = CanonicalJson.Bytes(unsigned);
        var encrypted = Text(document["secrets"]) == "encrypted";
        ExportCrypto? crypto = null;
        if (encrypted)
        {
            if (string.IsNullOrEmpty(password))
            {
                throw ValidationFailedException.For("password", "This file is protected by a password: enter the password it was exported with.");
            }

            var encryption = document["encryption"] as JsonObject ?? throw Altered();
            var iterations = encryption["iterations"] is JsonValue it && it.TryGetValue<int>(out var n) ? n : 0;
            if (iterations is < 100_000 or > 10_000_000 || encryption["salt"] is not JsonValue saltValue || !saltValue.TryGetValue<string>(out var salt))
            {
                throw Altered();
            }

            byte[] saltBytes;
            try
            {
                saltBytes = Convert.FromBase64String(salt);
            }
            catch (FormatException)
            {
                throw Altered();
            }

            crypto = ExportCrypto.Derive(password, saltBytes, iterations);
            if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(crypto.PasswordCheck), Encoding.UTF8.GetBytes(Text(encryption["passwordCheck"]) ?? string.Empty)))
            {
                throw ValidationFailedException.For("password", "The password is wrong: it is not the one this file was exported with.");
            }

            if (!Matches(crypto.Mac(body), integrity, "HMAC-SHA256"))
            {
                throw Altered();
            }
        }
        else if (!Matches(Convert.ToBase64String(SHA256.HashData(body)), integrity, "SHA-256"))
        {
            throw Altered();
        }

        var configuration = (document["configuration"] as JsonObject)?.DeepClone() as JsonObject ?? throw Invalid("The file holds no configuration.");
        if (configuration[ConfigurationFile.PluginsSection] is JsonNode pluginsNode && !WellFormedPlugins(pluginsNode))
        {
            throw Invalid("The file's plug-ins section is damaged: each plug-in must be an object with a text name and version, a true or false enabled, and its settings as an object.");
        }

        var omitted = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            foreach (var (section, node) in configuration.ToList())
            {
                if (section == ConfigurationFile.PluginsSection && node is JsonObject pluginSection)
                {
                    foreach (var (id, plugin) in pluginSection)
                    {
                        if (plugin?["settings"] is JsonObject settings)
                        {
                            RevealSecrets(settings, $"{ConfigurationFile.PluginsSection}.{id}", crypto, omitted);
                        }
                    }
                }
                else if (node is JsonObject values)
                {
                    RevealSecrets(values, section, crypto, omitted);
                }
            }
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            throw Altered();
        }

        return new OpenedFile(document, configuration, encrypted, omitted);
    }

    private static void RevealSecrets(JsonObject values, string prefix, ExportCrypto? crypto, HashSet<string> omitted)
    {
        foreach (var (name, value) in values.ToList())
        {
            if (value is not JsonObject secret)
            {
                continue;
            }

            var path = $"{prefix}.{name}";
            if (secret["omitted"] is not null)
            {
                omitted.Add(path);
                values[name] = null;
            }
            else if (secret["encrypted"] is JsonValue e && e.TryGetValue<string>(out var cipher) && crypto is not null)
            {
                values[name] = crypto.Decrypt(path, cipher);
            }
            else
            {
                throw new CryptographicException("A secret is in an unknown form.");
            }
        }
    }

    private static bool Matches(string expected, JsonObject? integrity, string algorithm) =>
        integrity is not null && Text(integrity["algorithm"]) == algorithm
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(Text(integrity["value"]) ?? string.Empty));

    /// <summary>Refuses to hand out a file in which any secret appears in clear.</summary>
    private static void LeakCheck(string text, IEnumerable<string> secrets)
    {
        foreach (var secret in secrets.Where(s => s.Length >= 4))
        {
            if (text.Contains(secret, StringComparison.Ordinal) || text.Contains(JsonSerializer.Serialize(secret)[1..^1], StringComparison.Ordinal))
            {
                throw new InvalidOperationException("The export was stopped: a secret would have been written in clear.");
            }
        }
    }

    private static ImportFieldChange Change(string field, JsonNode? current, JsonNode? incoming, bool secret) => secret
        ? new ImportFieldChange(field, current is null ? "(not set)" : "(set)", incoming is null ? "(not set)" : current is null ? "(set)" : "(changed)", true)
        : new ImportFieldChange(field, Display(current), Display(incoming), false);

    private static bool WellFormedPlugins(JsonNode plugins) =>
        plugins is JsonObject entries && entries.All(e => e.Value is JsonObject plugin
            && (plugin["name"] is null || Text(plugin["name"]) is not null)
            && (plugin["version"] is null || Text(plugin["version"]) is not null)
            && (plugin["enabled"] is null || (plugin["enabled"] is JsonValue enabled && enabled.TryGetValue<bool>(out _)))
            && plugin["settings"] is null or JsonObject);

    /// <summary>A string value of the file, or null for anything else (a file may hold any JSON where text belongs).</summary>
    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static string? Display(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(),
    };

    private static string PluginPath(string id, string field) => $"{ConfigurationFile.PluginsSection}.{id}.{field}";

    private static string FileNameFor(string nodeName)
    {
        var safe = new string(nodeName.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-').ToArray()).Trim('-');
        return (safe.Length == 0 ? "node" : safe) + ConfigurationFile.Extension;
    }

    private static ValidationFailedException Invalid(string message) => ValidationFailedException.For("file", message);

    private static ValidationFailedException Altered() =>
        ValidationFailedException.For("file", "The file was altered or damaged: its integrity check failed, so nothing in it can be trusted.");
}
