using System.Collections.Concurrent;

namespace OrchestratorConsole.Core.Features.Configuration;

/// <summary>
/// The newest revision of each section as this node last read or wrote it. It keeps only the highest version it has
/// seen: a slow reader or writer can never put an older revision back.
/// </summary>
internal sealed class ConfigurationCache
{
    private readonly ConcurrentDictionary<string, ConfigurationRevision> _latest = new(StringComparer.Ordinal);

    public bool TryGet(string section, out ConfigurationRevision revision) => _latest.TryGetValue(section, out revision!);

    public void Offer(ConfigurationRevision revision) =>
        _latest.AddOrUpdate(revision.Section, revision, (_, held) => revision.Version > held.Version ? revision : held);

    public void Forget(string section) => _latest.TryRemove(section, out _);

    public void Clear() => _latest.Clear();
}
