using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Core.Features.Audit;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Node;

namespace OrchestratorConsole.Core.Data;

/// <summary>Hands out the configured provider's context as the abstract <see cref="SettingsDbContext"/>.</summary>
internal sealed class SettingsDbContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<SettingsDbContext>
    where TContext : SettingsDbContext
{
    public SettingsDbContext CreateDbContext() => inner.CreateDbContext();
}
