using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OrchestratorConsole.Core.Options;

/// <summary>Start-up settings of this node (the <c>Node</c> configuration section).</summary>
public sealed class NodeOptions
{
    public const string SectionName = "Node";

    /// <summary>Address other nodes and people use to reach this console; defaults to the first listen address.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>Folder of the node's files, relative to the content root unless rooted.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    public SettingsStoreOptions SettingsStore { get; set; } = new();
}

public sealed class SettingsStoreOptions
{
    public SettingsStoreProvider Provider { get; set; } = SettingsStoreProvider.Sqlite;

    public string? ConnectionString { get; set; }
}

public enum SettingsStoreProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Cross-field rules of <see cref="NodeOptions"/>; each failure names the key.</summary>
public sealed class NodeOptionsValidator : IValidateOptions<NodeOptions>
{
    public ValidateOptionsResult Validate(string? name, NodeOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            failures.Add("Node:DataDirectory must name a folder.");
        }

        if (options.SettingsStore.Provider == SettingsStoreProvider.Postgres
            && string.IsNullOrWhiteSpace(options.SettingsStore.ConnectionString))
        {
            failures.Add("Node:SettingsStore:ConnectionString is required when Node:SettingsStore:Provider is Postgres.");
        }

        if (!string.IsNullOrWhiteSpace(options.PublicUrl)
            && (!Uri.TryCreate(options.PublicUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            failures.Add($"Node:PublicUrl '{options.PublicUrl}' is not an absolute http or https address.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

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
