using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace OrchestratorConsole.Core.Features.PlugIns;

/// <summary>The limits a <c>.vmoapp</c> package must keep; documented in docs/plugin-package-format.md.</summary>
public sealed class PluginPackageLimits
{
    /// <summary>The largest package accepted (413 above it).</summary>
    public long MaxPackageBytes { get; set; } = 64L * 1024 * 1024;

    public int MaxEntries { get; set; } = 10_000;

    public long MaxTotalUncompressedBytes { get; set; } = 512L * 1024 * 1024;

    public long MaxEntryUncompressedBytes { get; set; } = 128L * 1024 * 1024;

    /// <summary>Uncompressed size over compressed size above which an entry larger than 64 KiB is taken for a zip bomb.</summary>
    public int MaxCompressionRatio { get; set; } = 200;
}
