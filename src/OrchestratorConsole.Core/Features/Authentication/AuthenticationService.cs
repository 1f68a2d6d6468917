using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Audit;
using OrchestratorConsole.Core.Features.Configuration;

namespace OrchestratorConsole.Core.Features.Authentication;

/// <summary>The Authentication tab's actions beside saving: <c>Test connection</c> and <c>Test login</c>, with the saved settings.</summary>
public sealed class AuthenticationService(ConfigurationService configuration, DirectoryClient directory, AuditService audit)
{
    /// <summary>Binds with the saved settings; with a user, finds them and binds their password, signing nobody in.</summary>
    public async Task<DirectoryTestResult> TestAsync(Actor actor, DirectoryTestRequest? request, CancellationToken cancellationToken = default)
    {
        actor.DemandAdministrator();
        TextLimits.Demand("userName", "The user name", request?.UserName, TextLimits.UserName);
        TextLimits.Demand("password", "The password", request?.Password, TextLimits.Password);
        var settings = (await configuration.GetAsync<AuthenticationSettings>(cancellationToken)).Settings;
        var result = await directory.TestAsync(settings, request?.UserName, request?.Password, cancellationToken);
        var what = string.IsNullOrWhiteSpace(request?.UserName) ? "connection" : $"login of {request.UserName.Trim()}";
        await audit.RecordAsync(actor, "authentication.test", ConfigurationRegistry.Authentication, $"{what}: {(result.Ok ? "ok" : "failed")}{(result.Role is null ? string.Empty : $" as {result.Role}")}", cancellationToken: cancellationToken);
        return result;
    }
}
