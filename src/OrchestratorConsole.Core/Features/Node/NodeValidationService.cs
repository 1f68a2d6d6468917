using System.Text.Json.Nodes;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Database;

namespace OrchestratorConsole.Core.Features.Node;

/// <summary>The red/green rule: each section is valid only when its fields are and its dependencies are met.</summary>
public sealed class NodeValidationService(ConfigurationService configuration, DatabaseStatusService databaseStatus)
{
    /// <summary>One row per section of its own, then one per group of sections (the plug-ins), whether or not it has members.</summary>
    public async Task<IReadOnlyList<SectionValidation>> ValidateAsync(CancellationToken cancellationToken = default)
    {
        var sections = configuration.Registry.Sections;
        var result = new List<SectionValidation>();
        foreach (var section in sections.Where(s => s.Group is null))
        {
            var (messages, warnings) = await CheckAsync(section, cancellationToken);
            result.Add(new SectionValidation(section.Name, section.Title, messages.Count == 0, messages) { Warnings = warnings });
        }

        foreach (var group in new[] { ConfigurationRegistry.PluginsGroup })
        {
            var messages = new List<string>();
            var warnings = new List<string>();
            foreach (var section in sections.Where(s => s.Group == group))
            {
                var (errors, incomplete) = await CheckAsync(section, cancellationToken);
                messages.AddRange(errors.Select(m => $"{section.Title}: {m}"));
                warnings.AddRange(incomplete.Select(m => $"{section.Title}: {m}"));
            }

            result.Add(new SectionValidation(group.Name, group.Title, messages.Count == 0, messages) { Warnings = warnings });
        }

        return result;
    }

    private async Task<(List<string> Messages, List<string> Warnings)> CheckAsync(SectionDefinition section, CancellationToken cancellationToken)
    {
        JsonObject values;
        try
        {
            values = section.Normalize((await configuration.ReadAsync(section, cancellationToken)).Values);
        }
        catch (ValidationFailedException ex)
        {
            return ([.. ex.Errors.Values.SelectMany(m => m)], []);
        }

        var messages = section.Validate(values).Select(e => e.Message).ToList();
        if (messages.Count == 0 && section.Name == ConfigurationRegistry.Database)
        {
            messages.AddRange(await DatabaseStateAsync(cancellationToken));
        }

        // A dependency is reported on the cluster section only: Database is not red because cluster mode is on.
        if (section.Name == ConfigurationRegistry.Cluster)
        {
            messages.AddRange((await ClusterRules.CheckAsync(section.Name, values, async name => (await configuration.ReadAsync(configuration.Registry.Require(name), cancellationToken)).Values)).Select(e => e.Message));
        }

        return (messages, section.Warnings(values).Select(w => w.Message).ToList());
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
