namespace OrchestratorConsole.Core.Features.Node;

/// <summary>
/// The state of one section (or one group of sections, such as the plug-ins): invalid (red: the server cannot start,
/// <see cref="Messages"/> say why), warning (amber: something is incomplete, <see cref="Warnings"/> say what; the
/// server still starts) or valid (green).
/// </summary>
public sealed record SectionValidation(string Section, string Title, bool Valid, IReadOnlyList<string> Messages)
{
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary><c>valid</c>, <c>warning</c> or <c>invalid</c>.</summary>
    public string State => !Valid ? "invalid" : Warnings.Count > 0 ? "warning" : "valid";
}
