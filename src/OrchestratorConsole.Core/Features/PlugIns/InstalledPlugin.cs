namespace OrchestratorConsole.Core.Features.PlugIns;

/// <summary>A plug-in package installed on this node, with its enabled flag. Its settings are the configuration section <c>plugin.&lt;id&gt;</c>.</summary>
public sealed class InstalledPlugin
{
    public required string Id { get; set; }

    public required string Name { get; set; }

    public required string Version { get; set; }

    public required string Vendor { get; set; }

    public string? Description { get; set; }

    public bool Enabled { get; set; } = true;

    /// <summary>The manifest as JSON, so the configuration form needs no zip access.</summary>
    public required string Manifest { get; set; }

    /// <summary>Lower-case hex SHA-256 of the package file: the content checksum the configuration fingerprint covers.</summary>
    public string? PackageSha256 { get; set; }

    /// <summary>The package file, relative to the plug-ins folder.</summary>
    public required string PackageFile { get; set; }

    public long PackageBytes { get; set; }

    public DateTimeOffset InstalledAt { get; set; }

    public required string InstalledBy { get; set; }

    /// <summary>Grows with every change of the package or its enabled flag; two administrators changing one plug-in cannot both win.</summary>
    public int Revision { get; set; }
}
