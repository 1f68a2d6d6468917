using Microsoft.Extensions.Options;

namespace OrchestratorConsole.Core.Options;

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
