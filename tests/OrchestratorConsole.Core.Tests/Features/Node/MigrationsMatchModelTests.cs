using Microsoft.EntityFrameworkCore;

namespace OrchestratorConsole.Core.Tests.Features.Node;

/// <summary>
/// Every model change has its migration, for both stores on both providers. The contexts skip EF Core's own check at
/// start (it costs a model diff on every start), so this is where a forgotten migration is caught.
/// </summary>
public sealed class MigrationsMatchModelTests
{
    [Theory]
    [InlineData("settings store on SQLite")]
    [InlineData("settings store on PostgreSQL")]
    [InlineData("Orchestrator database on SQLite")]
    [InlineData("Orchestrator database on PostgreSQL")]
    public void The_migrations_cover_every_model_change(string store)
    {
        using var context = DesignContexts.Create(store);
        Assert.False(context.Database.HasPendingModelChanges(), $"The {store} has model changes without a migration.");
    }
}

/// <summary>The four contexts as the design-time tools create them (connection strings never opened).</summary>
internal static class DesignContexts
{
    public static DbContext Create(string store) => store switch
    {
        "settings store on SQLite" => new OrchestratorConsole.Core.Data.SqliteSettingsDesignFactory().CreateDbContext([]),
        "settings store on PostgreSQL" => new OrchestratorConsole.Core.Data.PostgresSettingsDesignFactory().CreateDbContext([]),
        "Orchestrator database on SQLite" => new OrchestratorConsole.Core.Data.SqliteOrchestratorDesignFactory().CreateDbContext([]),
        _ => new OrchestratorConsole.Core.Data.PostgresOrchestratorDesignFactory().CreateDbContext([]),
    };
}
