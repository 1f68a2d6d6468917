using System.ComponentModel.DataAnnotations;

namespace OrchestratorConsole.Core.Options;

/// <summary>Account settings (the <c>Accounts</c> configuration section).</summary>
public sealed class AccountOptions
{
    public const string SectionName = "Accounts";

    /// <summary>When set at the very first start, <c>vmware</c> gets it and need not change it.</summary>
    public string? InitialAdminPassword { get; set; }

    /// <summary>Sign-in attempts allowed per client address and user name in one minute before 429.</summary>
    [Range(1, 10_000)]
    public int SignInAttemptsPerMinute { get; set; } = 20;

    /// <summary>Lifetime of an API token.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(8);
}
