using OrchestratorConsole.Core.Common;

namespace OrchestratorConsole.Core.Features.PlugIns;

/// <summary>What installing a package over the installed version is: an install, an upgrade, a reinstall or a downgrade.</summary>
public static class PluginVersionChange
{
    /// <summary>
    /// The change in words ("upgraded from 7.0.1 to 7.1.0"). The same or an older version than <paramref name="installed"/>
    /// is refused (409) unless <paramref name="confirmed"/>.
    /// </summary>
    public static string Describe(string? installed, PluginManifest manifest, bool confirmed)
    {
        if (installed is null)
        {
            return $"installed at version {manifest.Version}";
        }

        if (!SemanticVersion.TryParse(installed, out var from))
        {
            return $"replaced {installed} by {manifest.Version}";
        }

        var order = manifest.Version.CompareTo(from);
        if (order <= 0 && !confirmed)
        {
            throw new ConfirmationNeededException(
                $"{manifest.Name} {from} is installed; installing {manifest.Version} is {(order == 0 ? "the same version again" : "a downgrade")}. Confirm to go ahead.");
        }

        return order > 0 ? $"upgraded from {installed} to {manifest.Version}"
            : order == 0 ? $"reinstalled at version {manifest.Version}"
            : $"downgraded from {installed} to {manifest.Version}";
    }
}
