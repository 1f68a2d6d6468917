using OrchestratorConsole.Core.Features.Accounts;

namespace OrchestratorConsole.UI.Features.Authentication;

/// <summary>One group → role mapping as edited.</summary>
public sealed class GroupRoleRow
{
    public string? Group { get; set; }

    public string Role { get; set; } = Roles.Reviewer;
}
