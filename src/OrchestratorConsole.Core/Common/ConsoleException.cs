namespace OrchestratorConsole.Core.Common;

/// <summary>A failure whose message a person can act on; the HTTP layer maps each kind to its status code.</summary>
public abstract class ConsoleException(string title, string detail) : Exception(detail)
{
    public string Title { get; } = title;
}
