using System.ComponentModel.DataAnnotations;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Core.Features.Configuration;

namespace OrchestratorConsole.Core.Features.Authentication;

/// <summary>
/// Directory sign-in (the Authentication tab): LDAP servers tried in order, the account the console searches them
/// with, where users and groups are, and which groups give which role. Cluster relevant: every node of a cluster signs
/// in the same people. The servers and the bind DN are targets of the bind password: it is only ever sent to them.
/// </summary>
public sealed record AuthenticationSettings : ISectionSettings
{
    /// <summary>OpenLDAP and most directories: the user's <c>uid</c>.</summary>
    public const string DefaultUserFilter = "(uid={0})";

    /// <summary>Active Directory: the user's pre-Windows 2000 logon name.</summary>
    public const string ActiveDirectoryUserFilter = "(sAMAccountName={0})";

    public const int MaxServers = 10;
    public const int MaxGroupRoles = 100;

    [Display(Name = "LDAP sign-in")]
    public bool LdapEnabled { get; init; }

    /// <summary><c>ldap://</c> (always upgraded with StartTLS) or <c>ldaps://</c>, tried in this order.</summary>
    [Display(Name = "Server URLs"), ConfigurationField(FieldFlags.Target)]
    public IReadOnlyList<string> ServerUrls { get; init; } = [];

    [Display(Name = "Bind DN"), StringLength(1024), ConfigurationField(FieldFlags.Target)]
    public string? BindDn { get; init; }

    [Display(Name = "Bind password"), StringLength(1024), ConfigurationField(FieldFlags.Secret)]
    public string? BindPassword { get; init; }

    [Display(Name = "User search base"), StringLength(1024)]
    public string? UserSearchBase { get; init; }

    /// <summary>An LDAP filter in which <c>{0}</c> stands for the user name, escaped.</summary>
    [Display(Name = "User filter"), StringLength(1024)]
    public string UserFilter { get; init; } = DefaultUserFilter;

    [Display(Name = "Group search base"), StringLength(1024)]
    public string? GroupSearchBase { get; init; }

    /// <summary>Which directory group (a DN or a cn) gives which role; a member of several gets the highest.</summary>
    [Display(Name = "Group roles")]
    public IReadOnlyList<GroupRole> GroupRoles { get; init; } = [];

    public IEnumerable<FieldError> Validate()
    {
        if (ServerUrls.Count > MaxServers)
        {
            yield return new("serverUrls", $"Give at most {MaxServers} server URLs; there are {ServerUrls.Count}.");
        }

        for (var i = 0; i < ServerUrls.Count; i++)
        {
            if (DirectoryServer.Parse(ServerUrls[i]) is null)
            {
                yield return new("serverUrls", $"Server URL {i + 1} ('{ServerUrls[i]}') is not an ldap://host[:port] or ldaps://host[:port] address.");
            }
        }

        if (LdapEnabled && ServerUrls.Count == 0)
        {
            yield return new("serverUrls", "Give at least one server URL, or turn LDAP sign-in off.");
        }

        if (LdapEnabled && string.IsNullOrWhiteSpace(UserSearchBase))
        {
            yield return new("userSearchBase", "The user search base is required with LDAP sign-in on (e.g. ou=people,dc=example,dc=com).");
        }

        if (string.IsNullOrWhiteSpace(UserFilter) || !UserFilter.Contains("{0}", StringComparison.Ordinal))
        {
            yield return new("userFilter", $"The user filter must contain {{0}} where the user name goes, e.g. {DefaultUserFilter} or {ActiveDirectoryUserFilter}.");
        }
        else if (!LdapFilter.IsBalanced(UserFilter))
        {
            yield return new("userFilter", $"The user filter '{UserFilter}' is not a well-formed LDAP filter: it must start with '(' and its parentheses must match.");
        }

        if (LdapEnabled && GroupRoles.Count > 0 && string.IsNullOrWhiteSpace(GroupSearchBase))
        {
            yield return new("groupSearchBase", "The group search base is required to map groups to roles (e.g. ou=groups,dc=example,dc=com).");
        }

        if (GroupRoles.Count > MaxGroupRoles)
        {
            yield return new("groupRoles", $"Map at most {MaxGroupRoles} groups; there are {GroupRoles.Count}.");
        }

        for (var i = 0; i < GroupRoles.Count; i++)
        {
            var mapping = GroupRoles[i];
            if (mapping is null || string.IsNullOrWhiteSpace(mapping.Group) || mapping.Group.Length > 1024)
            {
                yield return new("groupRoles", $"Mapping {i + 1} needs a group: a DN or a cn of at most 1024 characters.");
            }
            else if (!Roles.All.Contains(mapping.Role?.Trim(), StringComparer.OrdinalIgnoreCase))
            {
                yield return new("groupRoles", $"Mapping {i + 1} ('{mapping.Group}') has the role '{mapping.Role}'; the role must be one of {string.Join(", ", Roles.All)}.");
            }
        }
    }
}

/// <summary>A directory group (its DN, or its cn) and the console role its members get.</summary>
public sealed record GroupRole
{
    public string Group { get; init; } = string.Empty;

    public string Role { get; init; } = Roles.Reviewer;
}
