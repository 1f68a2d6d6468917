using System.Text.RegularExpressions;
using OrchestratorConsole.Core.Features.Accounts;

namespace OrchestratorConsole.Core.Features.Authentication;

/// <summary>A user's directory groups, and the role the Authentication tab's mapping gives them.</summary>
public static partial class DirectoryGroups
{
    /// <summary>The highest role that one of <paramref name="groups"/> (DNs) is mapped to; null when none is.</summary>
    public static string? RoleFor(IReadOnlyList<GroupRole> mappings, IReadOnlyList<string> groups)
    {
        var held = groups.Select(Normalize).ToHashSet(StringComparer.Ordinal);
        var names = groups.Select(CommonName).OfType<string>().Select(n => n.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        var granted = mappings
            .Where(m => held.Contains(Normalize(m.Group)) || (!m.Group.Contains('=', StringComparison.Ordinal) && names.Contains(m.Group.Trim().ToLowerInvariant())))
            .Select(m => m.Role?.Trim())
            .ToList();
        return Roles.All.FirstOrDefault(r => granted.Contains(r, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>A DN compared as the directory does for ordinary names: case and the spaces around separators do not count.</summary>
    internal static string Normalize(string dn) => SeparatorSpace().Replace(dn.Trim(), "$1").ToLowerInvariant();

    /// <summary>The value of a DN's first RDN when it is a cn (<c>cn=admins,ou=groups</c> → <c>admins</c>).</summary>
    private static string? CommonName(string dn)
    {
        var first = dn.Split(',', 2)[0].Split('=', 2);
        return first.Length == 2 && first[0].Trim().Equals("cn", StringComparison.OrdinalIgnoreCase) ? first[1].Trim() : null;
    }

    [GeneratedRegex(@"\s*([,=+])\s*")]
    private static partial Regex SeparatorSpace();
}
