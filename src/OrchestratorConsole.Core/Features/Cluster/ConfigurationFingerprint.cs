using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.PlugIns;

namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>
/// The cluster's promise that every node is configured alike: SHA-256 of the canonical JSON of the cluster-relevant
/// fields of every section in the registry (each plug-in's settings included) and of the installed plug-ins
/// themselves (id, version, enabled, package checksum). Secrets enter it as an HMAC keyed by the cluster key — never a
/// plain hash, never ciphertext — so equal secrets give equal fingerprints on every node while it reveals nothing.
/// </summary>
public sealed class ConfigurationFingerprint(ConfigurationService configuration, PluginService plugins)
{
    /// <summary>The name under which the installed plug-ins enter the canonical JSON (no section is named so).</summary>
    public const string InstalledPlugins = "installed plug-ins";

    public async Task<Fingerprint> ComputeAsync(byte[] clusterKey, CancellationToken cancellationToken = default)
    {
        var canonical = new JsonObject();
        var savedAt = DateTimeOffset.MinValue;
        foreach (var section in configuration.Registry.Sections.Where(s => s.Flags.HasFlag(FieldFlags.ClusterRelevant)).OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            var read = await configuration.ReadAsync(section, cancellationToken);
            canonical[section.Name] = Canonicalize(section, read.Values, clusterKey);
            savedAt = read.SavedAt > savedAt ? read.SavedAt : savedAt;
        }

        var installed = await plugins.VersionsAsync(cancellationToken);
        canonical[InstalledPlugins] = JsonSerializer.SerializeToNode(installed, ConfigurationRegistry.JsonOptions);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToJsonString()));
        return new Fingerprint(Convert.ToHexString(hash).ToLowerInvariant(), savedAt, installed);
    }

    /// <summary>One section's fields in ordinal order, secrets replaced by their keyed hash.</summary>
    public static JsonObject Canonicalize(SectionDefinition section, JsonObject values, byte[] clusterKey)
    {
        var result = new JsonObject();
        foreach (var field in section.Fields.Where(f => f.Flags.HasFlag(FieldFlags.ClusterRelevant)).OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            var value = values[field.Name];
            result[field.Name] = field.IsSecret
                ? value is null ? null : KeyedHash(clusterKey, field.Path, value.ToJsonString())
                : value?.DeepClone();
        }

        return result;
    }

    /// <summary>HMAC-SHA256 of a secret under the cluster key, bound to the field it belongs to.</summary>
    public static string KeyedHash(byte[] clusterKey, string fieldPath, string value) =>
        "hmac:" + Convert.ToHexString(HMACSHA256.HashData(clusterKey, Encoding.UTF8.GetBytes(fieldPath + "\n" + value))).ToLowerInvariant();
}
