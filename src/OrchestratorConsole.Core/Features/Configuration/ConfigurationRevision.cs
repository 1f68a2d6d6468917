namespace OrchestratorConsole.Core.Features.Configuration;

/// <summary>An immutable saved state of one configuration section. The newest one per section is the live value.</summary>
public sealed class ConfigurationRevision
{
    public long Id { get; set; }

    public required string Section { get; set; }

    /// <summary>1 for the first revision of the section, then one more for each save. Unique per section, so two saves on one version cannot both land.</summary>
    public int Version { get; set; }

    public required string Author { get; set; }

    public DateTimeOffset Time { get; set; }

    public string? Comment { get; set; }

    /// <summary>Where the change came from: the console, a restore of revision N, an import file, another node.</summary>
    public string? Source { get; set; }

    /// <summary>The section's values as JSON; secret fields hold Data Protection ciphertext.</summary>
    public required string Values { get; set; }
}
