namespace OrchestratorConsole.Core.Features.ConfigurationTransfer;

/// <summary>
/// A secret the file leaves out while it changes where the secret is sent: this node's value is never sent to the new
/// place, so the import needs the secret typed again (<see cref="ImportRequest.Secrets"/>) or the section left out.
/// </summary>
/// <param name="Path">The secret's name in the file and in <see cref="ImportRequest.Secrets"/>, e.g. <c>database.password</c>.</param>
/// <param name="Field">The field as the preview lists it, e.g. <c>password</c> or <c>&lt;plug-in id&gt;.password</c>.</param>
/// <param name="ChangedTargets">The target fields the file changes, named as the preview lists them.</param>
public sealed record RequiredSecret(string Path, string Field, IReadOnlyList<string> ChangedTargets)
{
    /// <summary>The longest value the secret's field holds, when it has a limit.</summary>
    public int? MaxLength { get; init; }

    public string Message =>
        $"The file changes where it is sent ({string.Join(", ", ChangedTargets)}) and leaves it out, and this node's value is never sent to a new place: enter it again, or leave the section out.";
}
