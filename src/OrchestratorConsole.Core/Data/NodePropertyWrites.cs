using Microsoft.EntityFrameworkCore;
using OrchestratorConsole.Core.Features.PlugIns;

namespace OrchestratorConsole.Core.Data;

/// <summary>Reads and writes of the node's own key-value properties (<see cref="NodeProperty"/>).</summary>
public static class NodePropertyWrites
{
    /// <summary>Sets <paramref name="key"/> to <paramref name="value"/>, adding the property when absent; saved with the context's next save.</summary>
    public static async Task SetPropertyAsync(this SettingsDbContext db, string key, string value, CancellationToken cancellationToken = default)
    {
        var property = db.NodeProperties.Local.FirstOrDefault(p => p.Key == key)
            ?? await db.NodeProperties.FirstOrDefaultAsync(p => p.Key == key, cancellationToken);
        if (property is null)
        {
            db.NodeProperties.Add(new NodeProperty { Key = key, Value = value });
        }
        else
        {
            property.Value = value;
        }
    }

    /// <summary>The value of <paramref name="key"/>, or null when the property is absent.</summary>
    public static Task<string?> PropertyAsync(this SettingsDbContext db, string key, CancellationToken cancellationToken = default) =>
        db.NodeProperties.AsNoTracking().Where(p => p.Key == key).Select(p => p.Value).FirstOrDefaultAsync(cancellationToken);
}
