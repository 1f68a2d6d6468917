using System.ComponentModel.DataAnnotations;

namespace OrchestratorConsole.Core.Options;

/// <summary>Directory sign-in's timing (the <c>Authentication</c> configuration section); what to connect to is the Authentication tab's.</summary>
public sealed class AuthenticationOptions
{
    public const string SectionName = "Authentication";

    /// <summary>How long one directory server may take to answer before the next is tried.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan DirectoryTimeout { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>How often the groups, and so the role, of each directory account are read again.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan RecheckInterval { get; set; } = TimeSpan.FromMinutes(5);
}
