using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Configuration;

namespace OrchestratorConsole.Core.Features.ConfigurationTransfer;

/// <summary>
/// Writes a <c>.vmoconfig</c> file: canonical JSON, secrets encrypted under the export password (or marked omitted),
/// and the integrity value over everything else. It refuses to write a file in which any secret stands in clear.
/// </summary>
internal sealed class ConfigurationFileWriter(string? password)
{
    private readonly byte[] _salt = RandomNumberGenerator.GetBytes(PasswordCrypto.SaltBytes);
    private readonly List<string> _clearSecrets = [];
    private PasswordCrypto? _crypto;

    private PasswordCrypto? Crypto => string.IsNullOrEmpty(password) ? null : _crypto ??= PasswordCrypto.Derive(password, _salt);

    public bool Encrypted => !string.IsNullOrEmpty(password);

    /// <summary>A section's fields as the file holds them; a secret is bound to <paramref name="secretPath"/>.<c>&lt;field&gt;</c>.</summary>
    public JsonObject Fields(SectionDefinition section, JsonObject values, string secretPath)
    {
        var exported = new JsonObject();
        foreach (var field in section.Fields)
        {
            var value = values[field.Name];
            if (!field.IsSecret || value is null)
            {
                exported[field.Name] = value?.DeepClone();
                continue;
            }

            var clear = value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();
            _clearSecrets.Add(clear);
            exported[field.Name] = Crypto is { } crypto ? new JsonObject { ["encrypted"] = crypto.Encrypt($"{secretPath}.{field.Name}", clear) } : new JsonObject { ["omitted"] = true };
        }

        return exported;
    }

    /// <summary>The whole file's text for <paramref name="configuration"/> exported from <paramref name="source"/>.</summary>
    public string Write(JsonObject source, JsonObject configuration)
    {
        var crypto = Crypto;
        var document = new JsonObject
        {
            ["format"] = ConfigurationFile.FormatName,
            ["formatVersion"] = ConfigurationFile.FormatVersion,
            ["productVersion"] = ProductInfo.Version,
            ["source"] = source,
            ["secrets"] = crypto is null ? "omitted" : "encrypted",
            ["encryption"] = crypto is null ? null : new JsonObject
            {
                ["cipher"] = "AES-256-GCM",
                ["kdf"] = "PBKDF2-SHA256",
                ["iterations"] = PasswordCrypto.Iterations,
                ["salt"] = Convert.ToBase64String(_salt),
                ["passwordCheck"] = crypto.PasswordCheck,
            },
            ["configuration"] = configuration,
        };
        var body = CanonicalJson.Bytes(document);
        document["integrity"] = crypto is null
            ? new JsonObject { ["algorithm"] = "SHA-256", ["value"] = Convert.ToBase64String(SHA256.HashData(body)) }
            : new JsonObject { ["algorithm"] = "HMAC-SHA256", ["value"] = crypto.Mac(body) };
        var text = CanonicalJson.Write(document);
        LeakCheck(text);
        return text;
    }

    /// <summary>A file name for a node's export: its name, with what a file name cannot hold replaced.</summary>
    public static string FileNameFor(string nodeName)
    {
        var safe = new string(nodeName.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-').ToArray()).Trim('-');
        return (safe.Length == 0 ? "node" : safe) + ConfigurationFile.Extension;
    }

    /// <summary>Refuses to hand out a file in which any secret appears in clear.</summary>
    private void LeakCheck(string text)
    {
        foreach (var secret in _clearSecrets.Where(s => s.Length >= 4))
        {
            if (text.Contains(secret, StringComparison.Ordinal) || text.Contains(JsonSerializer.Serialize(secret)[1..^1], StringComparison.Ordinal))
            {
                throw new InvalidOperationException("The export was stopped: a secret would have been written in clear.");
            }
        }
    }
}
