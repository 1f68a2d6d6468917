using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using OrchestratorConsole.Core.Features.ConfigurationTransfer;

namespace OrchestratorConsole.Core.Tests.Features.ConfigurationTransfer;

/// <summary>Reading and crafting <c>.vmoconfig</c> files as a person with a text editor could.</summary>
internal static class TransferFiles
{
    public static JsonObject Parse(byte[] file) => JsonNode.Parse(file)!.AsObject();

    /// <summary>
    /// Changes a password-less file and signs it again the way the console does (SHA-256 over the canonical JSON of
    /// the document without "integrity"), so the change passes the integrity check.
    /// </summary>
    public static byte[] Resign(byte[] file, Action<JsonObject> change)
    {
        var document = Parse(file);
        change(document);
        document.Remove("integrity");
        var hash = Convert.ToBase64String(SHA256.HashData(CanonicalJson.Bytes(document)));
        document["integrity"] = new JsonObject { ["algorithm"] = "SHA-256", ["value"] = hash };
        return CanonicalJson.Bytes(document);
    }

    /// <summary>Every form a secret could take in a text file: as is, JSON-escaped and base64.</summary>
    public static IEnumerable<string> Forms(string secret) =>
    [
        secret,
        System.Text.Json.JsonSerializer.Serialize(secret)[1..^1],
        Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)),
        Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)).TrimEnd('='),
    ];

    /// <summary>Fails when any object of <paramref name="node"/> has its keys out of ordinal order.</summary>
    public static void AssertKeysSorted(JsonNode? node, string path = "$")
    {
        switch (node)
        {
            case JsonObject obj:
                var keys = obj.Select(p => p.Key).ToList();
                Assert.True(keys.SequenceEqual(keys.Order(StringComparer.Ordinal)), $"The keys of {path} are not sorted: {string.Join(", ", keys)}");
                foreach (var (key, value) in obj)
                {
                    AssertKeysSorted(value, $"{path}.{key}");
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    AssertKeysSorted(array[i], $"{path}[{i}]");
                }

                break;
        }
    }
}
