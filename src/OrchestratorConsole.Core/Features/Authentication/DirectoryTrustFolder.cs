using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using OrchestratorConsole.Core.Features.Node;
using OrchestratorConsole.Core.Features.Trust;

namespace OrchestratorConsole.Core.Features.Authentication;

/// <summary>
/// The certificates a directory server's TLS certificate is checked against, as a folder the LDAP library reads: the
/// SSL trust list (a server's own certificate, or the authority it chains to) and the system store's authorities. One
/// folder per content, so a connection never reads a folder being rewritten; a change of the list makes a new one.
/// </summary>
public sealed class DirectoryTrustFolder(NodePaths paths, PeerTrust trustList)
{
    private readonly Lock _writing = new();

    /// <summary>The folder for the trust list as it stands now (read at most every few seconds).</summary>
    public async Task<string> CurrentAsync(CancellationToken cancellationToken)
    {
        await trustList.RefreshAsync(cancellationToken: cancellationToken);
        var pem = new StringBuilder();
        foreach (var entry in trustList.Entries.OrderBy(e => e.Sha256, StringComparer.Ordinal))
        {
            pem.AppendLine(entry.Pem.Trim());
        }

        var listed = pem.ToString();
        var name = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(listed)))[..16];
        var root = Path.Combine(paths.DataDirectory, "directory-trust");
        var folder = Path.Combine(root, name);
        lock (_writing)
        {
            if (!Directory.Exists(folder))
            {
                var building = Path.Combine(root, $".{name}.{Guid.NewGuid():N}");
                Directory.CreateDirectory(building);
                File.WriteAllText(Path.Combine(building, "trust-list.pem"), listed);
                File.WriteAllText(Path.Combine(building, "system.pem"), SystemAuthorities());
                Directory.Move(building, folder);
                foreach (var old in Directory.EnumerateDirectories(root).Where(d => d != folder))
                {
                    TryDelete(old);
                }
            }
        }

        return folder;
    }

    private static string SystemAuthorities()
    {
        using var store = new X509Store(StoreName.Root, StoreLocation.LocalMachine);
        store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
        var pem = new StringBuilder();
        foreach (var certificate in store.Certificates)
        {
            pem.AppendLine(certificate.ExportCertificatePem());
            certificate.Dispose();
        }

        return pem.ToString();
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // In use or gone: the next change tries again.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
