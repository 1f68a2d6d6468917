namespace OrchestratorConsole.Core.Common;

/// <summary>
/// The longest text each kind of free-text input holds, outside the configuration sections (whose fields carry their own
/// bounds). A longer value is refused with the limit named; nothing is ever cut.
/// </summary>
public static class TextLimits
{
    /// <summary>A local account's user name (the rule accounts are created with).</summary>
    public const int UserName = 64;

    /// <summary>An account, export or join password.</summary>
    public const int Password = 128;

    /// <summary>A node's address typed to join it.</summary>
    public const int Address = 2048;

    /// <summary>A search or filter text (Audit, Log).</summary>
    public const int Filter = 128;

    /// <summary>What is wrong with <paramref name="value"/> for a field named <paramref name="label"/>, or null.</summary>
    public static string? Problem(string label, string? value, int limit) =>
        value?.Length > limit ? $"{label} is at most {limit} characters; this one has {value.Length}." : null;

    /// <summary>Refuses the value (400, naming the field) when it is longer than the limit.</summary>
    public static void Demand(string field, string label, string? value, int limit)
    {
        if (Problem(label, value, limit) is { } problem)
        {
            throw ValidationFailedException.For(field, problem);
        }
    }
}
