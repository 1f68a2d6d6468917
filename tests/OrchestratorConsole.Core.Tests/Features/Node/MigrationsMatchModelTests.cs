using Microsoft.EntityFrameworkCore;
using OrchestratorConsole.Core.Data;
using OrchestratorConsole.Core.Data.Orchestrator;

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
        using DbContext context = store switch
        {
            "settings store on SQLite" => new SqliteSettingsDesignFactory().CreateDbContext([]),
            "settings store on PostgreSQL" => new PostgresSettingsDesignFactory().CreateDbContext([]),
            "Orchestrator database on SQLite" => new SqliteOrchestratorDesignFactory().CreateDbContext([]),
            _ => new PostgresOrchestratorDesignFactory().CreateDbContext([]),
        };
        Assert.False(context.Database.HasPendingModelChanges(), $"The {store} has model changes without a migration.");
    }
}
