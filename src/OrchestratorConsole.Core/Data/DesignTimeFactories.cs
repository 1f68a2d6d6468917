using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using OrchestratorConsole.Core.Data.Orchestrator;

namespace OrchestratorConsole.Core.Data;

// Used only by `dotnet ef migrations add`; the connection strings are never opened.
internal sealed class SqliteSettingsDesignFactory : IDesignTimeDbContextFactory<SqliteSettingsDbContext>
{
    public SqliteSettingsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteSettingsDbContext>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class PostgresSettingsDesignFactory : IDesignTimeDbContextFactory<PostgresSettingsDbContext>
{
    public PostgresSettingsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresSettingsDbContext>().UseNpgsql("Host=localhost").Options);
}

internal sealed class SqliteOrchestratorDesignFactory : IDesignTimeDbContextFactory<SqliteOrchestratorDbContext>
{
    public SqliteOrchestratorDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteOrchestratorDbContext>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class PostgresOrchestratorDesignFactory : IDesignTimeDbContextFactory<PostgresOrchestratorDbContext>
{
    public PostgresOrchestratorDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresOrchestratorDbContext>().UseNpgsql("Host=localhost").Options);
}
