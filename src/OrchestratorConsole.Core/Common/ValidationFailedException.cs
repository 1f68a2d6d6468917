namespace OrchestratorConsole.Core.Common;

/// <summary>Input that breaks a rule (400). <see cref="Errors"/> names each field and what is wrong with it.</summary>
public sealed class ValidationFailedException(string detail, IReadOnlyDictionary<string, string[]> errors)
    : ConsoleException("Invalid input", detail)
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    public static ValidationFailedException For(string field, string message) =>
        new(message, new Dictionary<string, string[]> { [field] = [message] });
}
