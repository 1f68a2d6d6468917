using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using OrchestratorConsole.Core.Data;

namespace OrchestratorConsole.Core.Features.Accounts;

/// <summary>Identity's EF Core user store, which reports each committed write of an account to <see cref="AccountChanges"/>.</summary>
public sealed class ConsoleUserStore(SettingsDbContext context, AccountChanges changes, IdentityErrorDescriber? describer = null)
    : UserStore<ConsoleUser, IdentityRole, SettingsDbContext>(context, describer)
{
    public override async Task<IdentityResult> UpdateAsync(ConsoleUser user, CancellationToken cancellationToken = default)
    {
        var result = await base.UpdateAsync(user, cancellationToken);
        changes.Changed();
        return result;
    }

    public override async Task<IdentityResult> DeleteAsync(ConsoleUser user, CancellationToken cancellationToken = default)
    {
        var result = await base.DeleteAsync(user, cancellationToken);
        changes.Changed();
        return result;
    }
}
