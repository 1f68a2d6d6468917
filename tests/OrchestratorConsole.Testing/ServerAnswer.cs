namespace OrchestratorConsole.Testing;

/// <summary>The Orchestrator server's state as <c>GET /api/server</c> answers it.</summary>
public sealed record ServerAnswer(string State, string? Role, string? Reason, long? Epoch, bool DuplicateIdentity)
{
    public bool IsRunning => State == "Running";

    public override string ToString() => $"{State}/{Role ?? "-"} epoch {Epoch?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}: {Reason}";
}
