using System.Security.Cryptography;
using System.Text;

namespace OrchestratorConsole.Core.Common;

/// <summary>
/// The keys of a password-protected file (a configuration export, a key ring backup): PBKDF2-SHA256 over the password
/// and a per-file random salt gives a 256-bit key for AES-256-GCM (the secrets) and a 256-bit key for HMAC-SHA256 (the
/// whole file, and a password check that tells a wrong password from an altered file).
/// </summary>
public sealed class PasswordCrypto
{
    /// <summary>OWASP's current figure for PBKDF2-HMAC-SHA256.</summary>
    public const int Iterations = 600_000;

    public const int SaltBytes = 16;
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private static readonly byte[] PasswordCheckLabel = Encoding.UTF8.GetBytes("orchestrator-console export password check v1");

    private readonly byte[] _encryptionKey;
    private readonly byte[] _macKey;

    private PasswordCrypto(byte[] keys)
    {
        _encryptionKey = keys[..32];
        _macKey = keys[32..];
    }

    public static PasswordCrypto Derive(string password, byte[] salt, int iterations = Iterations) =>
        new(Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, 64));

    public string PasswordCheck => Convert.ToBase64String(HMACSHA256.HashData(_macKey, PasswordCheckLabel));

    public string Mac(byte[] content) => Convert.ToBase64String(HMACSHA256.HashData(_macKey, content));

    /// <summary>Encrypts a secret, bound to its field so it cannot be moved to another field.</summary>
    public string Encrypt(string fieldPath, string clear)
    {
        var nonce = RandomNumberGenerator.GetBytes(NonceBytes);
        var plain = Encoding.UTF8.GetBytes(clear);
        var cipher = new byte[plain.Length];
        var tag = new byte[TagBytes];
        using var aes = new AesGcm(_encryptionKey, TagBytes);
        aes.Encrypt(nonce, plain, cipher, tag, Encoding.UTF8.GetBytes(fieldPath));
        return Convert.ToBase64String([.. nonce, .. tag, .. cipher]);
    }

    /// <summary>Decrypts a secret; throws <see cref="CryptographicException"/> when it was altered or moved.</summary>
    public string Decrypt(string fieldPath, string encrypted)
    {
        var data = Convert.FromBase64String(encrypted);
        if (data.Length < NonceBytes + TagBytes)
        {
            throw new CryptographicException("The encrypted value is too short.");
        }

        var plain = new byte[data.Length - NonceBytes - TagBytes];
        using var aes = new AesGcm(_encryptionKey, TagBytes);
        aes.Decrypt(data.AsSpan(0, NonceBytes), data.AsSpan(NonceBytes + TagBytes), data.AsSpan(NonceBytes, TagBytes), plain, Encoding.UTF8.GetBytes(fieldPath));
        return Encoding.UTF8.GetString(plain);
    }
}
