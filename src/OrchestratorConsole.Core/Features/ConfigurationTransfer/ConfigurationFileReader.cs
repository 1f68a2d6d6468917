using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrchestratorConsole.Core.Common;

namespace OrchestratorConsole.Core.Features.ConfigurationTransfer;

/// <summary>
/// Reads a <c>.vmoconfig</c> file and checks everything about it before anything in it is used: size, JSON, format
/// and version, password and integrity; then decrypts its secrets.
/// </summary>
public static class ConfigurationFileReader
{
    /// <summary>Reads and checks a file: size, JSON, format, version, password and integrity; decrypts the secrets.</summary>
    public static OpenedFile Open(byte[] content, string? password)
    {
        TextLimits.Demand("password", "The file password", password, TextLimits.Password);
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
        if (!encrypted && !string.IsNullOrEmpty(password))
        {
            // The file itself must not decide whether the password's HMAC applies: a password asks for the authenticated form.
            throw ValidationFailedException.For("password", "A password was given, but this file is not protected by a password: its integrity is a plain SHA-256 that anyone can compute again, so it cannot show that nobody changed it. Use the file exported with this password, or import this one without a password to preview it as unauthenticated.");
        }

        PasswordCrypto? crypto = null;
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

            crypto = PasswordCrypto.Derive(password, saltBytes, iterations);
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

    private static void RevealSecrets(JsonObject values, string prefix, PasswordCrypto? crypto, HashSet<string> omitted)
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

    private static bool WellFormedPlugins(JsonNode plugins) =>
        plugins is JsonObject entries && entries.All(e => e.Value is JsonObject plugin
            && (plugin["name"] is null || Text(plugin["name"]) is not null)
            && (plugin["version"] is null || Text(plugin["version"]) is not null)
            && (plugin["enabled"] is null || (plugin["enabled"] is JsonValue enabled && enabled.TryGetValue<bool>(out _)))
            && plugin["settings"] is null or JsonObject);

    /// <summary>A string value of the file, or null for anything else (a file may hold any JSON where text belongs).</summary>
    internal static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static ValidationFailedException Invalid(string message) => ValidationFailedException.For("file", message);

    private static ValidationFailedException Altered() =>
        ValidationFailedException.For("file", "The file was altered or damaged: its integrity check failed, so nothing in it can be trusted.");
}
