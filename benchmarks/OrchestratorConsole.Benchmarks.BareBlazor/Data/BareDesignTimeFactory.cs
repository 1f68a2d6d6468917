using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace OrchestratorConsole.Benchmarks.BareBlazor.Data;

/// <summary>For <c>dotnet ef migrations add</c>: the migration is generated, as in any app.</summary>
public sealed class BareDesignTimeFactory : IDesignTimeDbContextFactory<BareDbContext>
{
    public BareDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<BareDbContext>().UseSqlite("Data Source=design.db").Options);
}
