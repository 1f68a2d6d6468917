using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrchestratorConsole.Core.Data;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Options;

namespace OrchestratorConsole.Core.Features.Authentication;

/// <summary>
/// Reads the groups of every directory account again at each interval (5 minutes by default) and sets its role from
/// them: a user taken out of a mapped group, or gone from the directory, loses the role, and with it their sessions
/// and tokens at their next action. LDAP sign-in turned off takes every directory account's role. While the directory
/// cannot be reached, roles stay as they were and the check is tried again at the next interval.
/// </summary>
public sealed partial class DirectoryRoleRefresh(
    IServiceScopeFactory scopes,
    ConfigurationService configuration,
    DirectoryClient directory,
    DirectoryAccounts accounts,
    TimeProvider time,
    IOptions<AuthenticationOptions> options,
    ILogger<DirectoryRoleRefresh> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RecheckInterval, time);
        while (await NextTickAsync(timer, stoppingToken))
        {
            try
            {
                await RecheckAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex);
            }
        }
    }

    /// <summary>False once the console stops.</summary>
    private static async Task<bool> NextTickAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>One round: every directory account's role from its groups now. Returns how many roles changed.</summary>
    public async Task<int> RecheckAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ConsoleUser>>();
        var ids = await DirectoryAccounts.AllAsync(scope.ServiceProvider.GetRequiredService<SettingsDbContext>(), cancellationToken);
        if (ids.Count == 0)
        {
            return 0;
        }

        var settings = (await configuration.GetAsync<AuthenticationSettings>(cancellationToken)).Settings;
        var changed = 0;
        foreach (var id in ids)
        {
            if (await users.FindByIdAsync(id) is not { } user)
            {
                continue;
            }

            string? role = null;
            var why = "LDAP sign-in is off";
            if (settings.LdapEnabled)
            {
                try
                {
                    var lookup = await directory.LookupAsync(settings, user.UserName!, cancellationToken);
                    role = lookup.Account?.Role;
                    why = lookup.Outcome == DirectoryOutcome.Found ? "groups at the periodic check" : "no longer found in the directory";
                }
                catch (Exception ex) when (ex is DirectoryUnavailableException or DirectoryRefusedException)
                {
                    LogUnreachable(logger, ex.Message);
                    return changed;
                }
            }

            if (await accounts.SetRoleAsync(users, user, role, why, cancellationToken))
            {
                changed++;
            }
        }

        return changed;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Directory roles were not checked: {Reason} They are kept until the next check.")]
    private static partial void LogUnreachable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The periodic check of directory roles failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
