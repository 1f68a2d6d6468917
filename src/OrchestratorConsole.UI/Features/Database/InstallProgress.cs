using OrchestratorConsole.Core.Features.Database;

namespace OrchestratorConsole.UI.Features.Database;

/// <summary>Hands each install step to the page at once; the page marshals it onto its circuit.</summary>
internal sealed class InstallProgress(Func<SchemaProgress, Task> report) : IProgress<SchemaProgress>
{
    public void Report(SchemaProgress value) => _ = report(value);
}
