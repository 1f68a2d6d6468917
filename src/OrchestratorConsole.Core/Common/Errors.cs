namespace OrchestratorConsole.Core.Common;

/// <summary>A failure whose message a person can act on; the HTTP layer maps each kind to its status code.</summary>
public abstract class ConsoleException(string title, string detail) : Exception(detail)
{
    public string Title { get; } = title;
}

/// <summary>Input that breaks a rule (400). <see cref="Errors"/> names each field and what is wrong with it.</summary>
public sealed class ValidationFailedException(string detail, IReadOnlyDictionary<string, string[]> errors)
    : ConsoleException("Invalid input", detail)
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    public static ValidationFailedException For(string field, string message) =>
        new(message, new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>Someone saved first, or the node's state forbids the action now (409).</summary>
public sealed class ConflictException(string detail, string title = "Conflict") : ConsoleException(title, detail);

/// <summary>The caller's role lacks the right (403).</summary>
public sealed class ForbiddenException(string detail) : ConsoleException("Forbidden", detail);

/// <summary>The named thing does not exist (404).</summary>
public sealed class NotFoundException(string detail) : ConsoleException("Not found", detail);

/// <summary>Wrong user name or password (401).</summary>
public sealed class AuthenticationFailedException(string detail) : ConsoleException("Sign-in failed", detail);

/// <summary>The account is locked out after too many failed sign-ins (423).</summary>
public sealed class AccountLockedException(string detail) : ConsoleException("Account locked", detail);

/// <summary>The password must be changed before anything else works (403).</summary>
public sealed class PasswordChangeRequiredException(string detail) : ConsoleException("Password change required", detail);

/// <summary>Too many attempts in a short time (429).</summary>
public sealed class TooManyAttemptsException(string detail, TimeSpan retryAfter) : ConsoleException("Too many attempts", detail)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>An upload larger than the documented limit (413).</summary>
public sealed class PayloadTooLargeException(string detail) : ConsoleException("Too large", detail);
