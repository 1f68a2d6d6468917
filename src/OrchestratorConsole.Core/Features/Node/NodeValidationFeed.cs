using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Database;

namespace OrchestratorConsole.Core.Features.Node;

/// <summary>
/// The red/green state of every section, shared by every open window of this node: it is validated once per change
/// (a save, an import or a restore of a section, a plug-in that comes or goes, a new database status), not once per
/// window. <see cref="Changed"/> tells the windows to ask again.
/// </summary>
public sealed class NodeValidationFeed
{
    private readonly NodeValidationService _validation;
    private readonly Lock _lock = new();
    private Task<IReadOnlyList<SectionValidation>>? _current;
    private long _changes;
    private long _validatedAt = -1;

    public NodeValidationFeed(NodeValidationService validation, ConfigurationEvents events, ConfigurationRegistry registry, DatabaseStatusService databaseStatus)
    {
        _validation = validation;
        events.SectionSaved += _ => OnChanged();
        registry.Changed += OnChanged;
        databaseStatus.Changed += _ => OnChanged();
    }

    /// <summary>Raised after anything the states depend on changed; handlers must return quickly (they run inside the save).</summary>
    public event Action? Changed;

    /// <summary>The states as of the latest change: the validation under way or done since, started by whoever asked first.</summary>
    public Task<IReadOnlyList<SectionValidation>> GetAsync(CancellationToken cancellationToken = default)
    {
        Task<IReadOnlyList<SectionValidation>> current;
        lock (_lock)
        {
            var changes = Interlocked.Read(ref _changes);
            if (_current is null || _validatedAt != changes || _current.IsFaulted || _current.IsCanceled)
            {
                // Not tied to the caller's token: other windows wait for the same validation.
                _current = _validation.ValidateAsync(CancellationToken.None);
                _validatedAt = changes;
            }

            current = _current;
        }

        return current.WaitAsync(cancellationToken);
    }

    private void OnChanged()
    {
        // A validation started before this change is not reused: it may have read the old values.
        Interlocked.Increment(ref _changes);
        Changed?.Invoke();
    }
}
