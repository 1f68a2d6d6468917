using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using OrchestratorConsole.Core.Common;

namespace OrchestratorConsole.Core.Features.KeyRing;

/// <summary>
/// The key ring backup file (<c>.vmokeys</c>): JSON that names its format and carries the key ring's files, decrypted, as
/// one AES-256-GCM ciphertext under a key derived from the backup password (PBKDF2-HMAC-SHA256, a random salt,
/// 600,000 iterations: the export file's scheme), with a password check that tells a wrong password from an altered file.
/// </summary>
public static class KeyRingArchive
{
    public const string Format = "orchestrator-console-key-ring";
    public const int FormatVersion = 1;
    public const string Extension = ".vmokeys";

    /// <summary>More iterations than this are refused, so a crafted file cannot keep the command busy for hours.</summary>
    private const int MaximumIterations = 10_000_000;

    // Binds the ciphertext to its place in the file, as an export's secrets are bound to their fields.
    private const string ContentLabel = "key-ring-files";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    // Base64 is written as it is (the default escaping would write + as \u002B).
    private static readonly JsonSerializerOptions Indented = new(Json) { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Write(IReadOnlyList<KeyRingFile> files, string password)
    {
        var salt = RandomNumberGenerator.GetBytes(PasswordCrypto.SaltBytes);
        var crypto = PasswordCrypto.Derive(password, salt);
        var document = new ArchiveDocument(
            Format,
            FormatVersion,
            new ArchiveEncryption("AES-256-GCM, PBKDF2-HMAC-SHA256", Convert.ToBase64String(salt), PasswordCrypto.Iterations, crypto.PasswordCheck),
            crypto.Encrypt(ContentLabel, JsonSerializer.Serialize(files, Json)));
        return Encoding.UTF8.GetBytes(JsonSerializer.Serialize(document, Indented) + "\n");
    }

    /// <summary>The files of a backup; throws <see cref="KeyRingArchiveException"/> for another file, a wrong password or an altered file.</summary>
    public static IReadOnlyList<KeyRingFile> Read(byte[] archive, string password)
    {
        var (document, encryption, salt) = Parse(archive);
        var crypto = PasswordCrypto.Derive(password, salt, encryption.Iterations);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(crypto.PasswordCheck), Encoding.ASCII.GetBytes(encryption.PasswordCheck ?? string.Empty)))
        {
            throw new KeyRingArchiveException("The password does not open this key ring backup; nothing was restored.");
        }

        try
        {
            var files = JsonSerializer.Deserialize<List<KeyRingFile>>(crypto.Decrypt(ContentLabel, document.Files!), Json) ?? [];
            return files.All(f => f.HasKeyRingName) ? files : throw Altered();
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException or JsonException)
        {
            throw Altered();
        }
    }

    private static (ArchiveDocument Document, ArchiveEncryption Encryption, byte[] Salt) Parse(byte[] archive)
    {
        ArchiveDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<ArchiveDocument>(archive, Json);
        }
        catch (JsonException)
        {
            throw NotABackup();
        }

        if (document?.Format != Format)
        {
            throw NotABackup();
        }

        if (document.FormatVersion != FormatVersion)
        {
            throw new KeyRingArchiveException($"This key ring backup has format version {document.FormatVersion}; this console reads version {FormatVersion}.");
        }

        if (document.Encryption is not { Salt: { } salt, Iterations: >= PasswordCrypto.Iterations and <= MaximumIterations } encryption || document.Files is null)
        {
            throw Altered();
        }

        try
        {
            var saltBytes = Convert.FromBase64String(salt);
            return saltBytes.Length < PasswordCrypto.SaltBytes ? throw Altered() : (document, encryption, saltBytes);
        }
        catch (FormatException)
        {
            throw Altered();
        }
    }

    private static KeyRingArchiveException NotABackup() => new("This file is not a key ring backup (keys backup writes one).");

    private static KeyRingArchiveException Altered() => new("This key ring backup was altered or damaged; nothing was restored.");

    private sealed record ArchiveDocument(string? Format, int? FormatVersion, ArchiveEncryption? Encryption, string? Files);

    private sealed record ArchiveEncryption(string? Algorithm, string? Salt, int Iterations, string? PasswordCheck);
}
