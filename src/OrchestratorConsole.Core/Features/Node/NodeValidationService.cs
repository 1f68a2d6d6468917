using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Database;

namespace OrchestratorConsole.Core.Features.Node;

/// <summary>Red or green for one section, and what is wrong.</summary>
public sealed record SectionValidation(string Section, string Title, bool Valid, IReadOnlyList<string> Messages);

/// <summary>The red/green rule: each section is valid only when its fields are and its dependencies are met.</summary>
public sealed class NodeValidationService(ConfigurationService configuration, DatabaseStatusService databaseStatus)
{
    public async Task<IReadOnlyList<SectionValidation>> ValidateAsync(CancellationToken cancellationToken = default)
    {
        var result = new List<SectionValidation>();
        foreach (var section in ConfigurationRegistry.Sections)
        {
            var settings = await configuration.GetSettingsAsync(section, cancellationToken);
            var messages = settings.Validate().Select(e => e.Message).ToList();
            if (messages.Count == 0 && settings is DatabaseSettings)
            {
                messages.AddRange(await DatabaseStateAsync(cancellationToken));
            }

            if (settings is ClusterSettings { ClusterMode: true }
                && (await configuration.GetAsync<DatabaseSettings>(cancellationToken)).Settings.Type == DatabaseType.Embedded)
            {
                messages.Add(ClusterRules.EmbeddedRefusal);
            }

            result.Add(new SectionValidation(section.Name, section.Title, messages.Count == 0, messages));
        }

        return result;
    }

    private async Task<IEnumerable<string>> DatabaseStateAsync(CancellationToken cancellationToken)
    {
        var status = await databaseStatus.GetAsync(cancellationToken);
        if (status is null)
        {
            return ["The database has not been checked yet: open the Database tab and click Test connection."];
        }

        return status.IsGood ? [] : [status.Message];
    }
}
