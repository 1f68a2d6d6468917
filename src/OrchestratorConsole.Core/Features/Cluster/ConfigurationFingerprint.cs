using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrchestratorConsole.Core.Features.Configuration;

namespace OrchestratorConsole.Core.Features.Cluster;

/// <summary>A configuration fingerprint and when the newest of its sections was saved.</summary>
public sealed record Fingerprint(string Value, DateTimeOffset SavedAt);

/// <summary>
/// SHA-256 of the canonical JSON of the cluster-relevant fields (from the field registry). Secrets enter it as an
/// HMAC keyed by the cluster key — never a plain hash, never ciphertext — so equal secrets give equal fingerprints
/// on every node while the fingerprint reveals nothing about them.
/// </summary>
public sealed class ConfigurationFingerprint(ConfigurationService configuration)
{
    public async Task<Fingerprint> ComputeAsync(byte[] clusterKey, CancellationToken cancellationToken = default)
    {
        var canonical = new JsonObject();
        var savedAt = DateTimeOffset.MinValue;
        foreach (var section in ConfigurationRegistry.Sections.Where(s => s.Flags.HasFlag(FieldFlags.ClusterRelevant)).OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            var (values, sectionSavedAt) = await configuration.GetClearValuesAsync(section, cancellationToken);
            canonical[section.Name] = Canonicalize(section, values, clusterKey);
            savedAt = sectionSavedAt > savedAt ? sectionSavedAt : savedAt;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToJsonString()));
        return new Fingerprint(Convert.ToHexString(hash).ToLowerInvariant(), savedAt);
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
