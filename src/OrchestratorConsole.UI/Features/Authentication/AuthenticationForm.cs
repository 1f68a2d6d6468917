using System.Text.Json.Nodes;
using OrchestratorConsole.Core.Features.Authentication;
using OrchestratorConsole.Core.Features.Configuration;

namespace OrchestratorConsole.UI.Features.Authentication;

/// <summary>
/// The Authentication tab's editable values. The stored bind password is never loaded into it:
/// <see cref="BindPassword"/> holds only what the user types, and null keeps the saved one.
/// </summary>
public sealed class AuthenticationForm
{
    public bool LdapEnabled { get; set; }

    /// <summary>The servers in the order they are tried; each row is an object so that moving it keeps its input.</summary>
    public List<ServerUrlRow> ServerUrls { get; } = [];

    public string? BindDn { get; set; }

    public string? BindPassword { get; set; }

    public string? UserSearchBase { get; set; }

    public string? UserFilter { get; set; }

    public string? GroupSearchBase { get; set; }

    public List<GroupRoleRow> GroupRoles { get; } = [];

    public static AuthenticationForm From(AuthenticationSettings settings)
    {
        var form = new AuthenticationForm
        {
            LdapEnabled = settings.LdapEnabled,
            BindDn = settings.BindDn,
            UserSearchBase = settings.UserSearchBase,
            UserFilter = settings.UserFilter,
            GroupSearchBase = settings.GroupSearchBase,
        };
        form.ServerUrls.AddRange(settings.ServerUrls.Select(url => new ServerUrlRow { Url = url }));
        form.GroupRoles.AddRange(settings.GroupRoles.Select(mapping => new GroupRoleRow { Group = mapping.Group, Role = mapping.Role }));
        return form;
    }

    /// <summary>The settings to save; a null bind password keeps the saved one.</summary>
    public AuthenticationSettings ToSettings() => new()
    {
        LdapEnabled = LdapEnabled,
        ServerUrls = ServerUrls.Select(row => row.Url?.Trim() ?? string.Empty).ToList(),
        BindDn = Blank(BindDn),
        BindPassword = string.IsNullOrEmpty(BindPassword) ? null : BindPassword,
        UserSearchBase = Blank(UserSearchBase),
        UserFilter = UserFilter?.Trim() ?? string.Empty,
        GroupSearchBase = Blank(GroupSearchBase),
        GroupRoles = GroupRoles.Select(row => new GroupRole { Group = row.Group?.Trim() ?? string.Empty, Role = row.Role }).ToList(),
    };

    /// <summary>The values as they would be saved, without the password: equal snapshots mean nothing was edited.</summary>
    public JsonObject Snapshot() => ConfigurationRegistry.For<AuthenticationSettings>().ToJson(ToSettings() with { BindPassword = null });

    /// <summary>True when a save would change something: a value differs from <paramref name="saved"/> or a new password was typed.</summary>
    public bool DiffersFrom(JsonObject saved) => !string.IsNullOrEmpty(BindPassword) || !JsonNode.DeepEquals(Snapshot(), saved);

    /// <summary>Moves the row at <paramref name="index"/> by <paramref name="offset"/> places, when there is room.</summary>
    public static void Move<T>(List<T> rows, int index, int offset)
    {
        var target = index + offset;
        if (index < 0 || index >= rows.Count || target < 0 || target >= rows.Count)
        {
            return;
        }

        (rows[index], rows[target]) = (rows[target], rows[index]);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
