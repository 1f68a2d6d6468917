using System.Text;

namespace OrchestratorConsole.Core.Features.Authentication;

/// <summary>LDAP search filters (RFC 4515): a value put into a filter is escaped, so a user name cannot change the filter.</summary>
public static class LdapFilter
{
    /// <summary><paramref name="value"/> as a filter's assertion value: <c>*</c>, <c>(</c>, <c>)</c>, <c>\</c> and NUL as <c>\XX</c>.</summary>
    public static string Escape(string value)
    {
        var escaped = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            _ = c switch
            {
                '*' => escaped.Append(@"\2a"),
                '(' => escaped.Append(@"\28"),
                ')' => escaped.Append(@"\29"),
                '\\' => escaped.Append(@"\5c"),
                '\0' => escaped.Append(@"\00"),
                _ => escaped.Append(c),
            };
        }

        return escaped.ToString();
    }

    /// <summary>The user filter with <paramref name="userName"/>, escaped, wherever it says <c>{0}</c>.</summary>
    public static string ForUser(string userFilter, string userName) => userFilter.Replace("{0}", Escape(userName), StringComparison.Ordinal);

    /// <summary>Whether <paramref name="filter"/> is one parenthesised filter whose parentheses match.</summary>
    public static bool IsBalanced(string filter)
    {
        var text = filter.Trim();
        if (text.Length < 2 || text[0] != '(' || text[^1] != ')')
        {
            return false;
        }

        var depth = 0;
        for (var i = 0; i < text.Length; i++)
        {
            depth += text[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (depth < 0 || (depth == 0 && i < text.Length - 1))
            {
                return false;
            }
        }

        return depth == 0;
    }
}
