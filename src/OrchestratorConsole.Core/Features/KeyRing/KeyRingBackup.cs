using System.Security.Cryptography;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;

namespace OrchestratorConsole.Core.Features.KeyRing;

/// <summary>
/// <c>keys backup</c> and <c>keys restore</c>: the key ring's files, decrypted, in a file protected by a password only,
/// so a restore works on a machine without the certificate that protects the ring here. A restore adds the keys the ring
/// does not hold (encrypted with this node's certificate when it has one) and keeps the ones it does: keys are never
/// replaced, so secrets saved under either stay readable.
/// </summary>
public sealed class KeyRingBackup(KeyRingFolder folder, IOptions<KeyManagementOptions> keyManagement, IServiceProvider services)
{
    public const int MinimumPasswordLength = 8;

    /// <summary>The backup file's bytes; throws <see cref="KeyRingArchiveException"/> when the password is too short or the ring holds nothing.</summary>
    public byte[] Create(string password)
    {
        DemandPassword(password);
        var files = folder.Files()
            .Select(path => new KeyRingFile(Path.GetFileName(path), Decrypted(path)))
            .Where(file => file.HasKeyRingName)
            .ToList();
        return files.Count == 0
            ? throw new KeyRingArchiveException($"The key ring in {folder.Path} holds no keys: there is nothing to back up.")
            : KeyRingArchive.Write(files, password);
    }

    /// <summary>Adds the files of a backup (see <see cref="KeyRingArchive.Read"/>) that the ring does not hold yet.</summary>
    public KeyRingRestoreResult Restore(IReadOnlyList<KeyRingFile> files)
    {
        var present = folder.Files().Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
        var options = keyManagement.Value;
        // Every element is parsed and encrypted before the first is written, so a failure leaves the ring as it was.
        var added = files
            .DistinctBy(file => file.Name)
            .Where(file => !present.Contains(file.Name))
            .Select(file => (Name: Path.GetFileNameWithoutExtension(file.Name), Element: KeyRingXml.Encrypt(KeyRingXml.Parse(file.Xml), options.XmlEncryptor)))
            .ToList();
        folder.Prepare();
        foreach (var (name, element) in added)
        {
            options.XmlRepository!.StoreElement(element, name);
        }

        return new KeyRingRestoreResult(added.Count, files.Count - added.Count, folder.Path);
    }

    private string Decrypted(string path)
    {
        try
        {
            return KeyRingXml.Decrypt(KeyRingXml.Load(path), services).ToString(SaveOptions.DisableFormatting);
        }
        catch (CryptographicException)
        {
            throw new KeyRingArchiveException($"{Path.GetFileName(path)} in {folder.Path} is encrypted with a certificate that is not configured here: set {KeyRingCertificateOptions.SectionName} (Path and Password, or Thumbprint) as the console has it, then back up again.");
        }
    }

    private static void DemandPassword(string password)
    {
        if (password.Length < MinimumPasswordLength)
        {
            throw new KeyRingArchiveException($"The backup password must have at least {MinimumPasswordLength} characters.");
        }
    }
}
