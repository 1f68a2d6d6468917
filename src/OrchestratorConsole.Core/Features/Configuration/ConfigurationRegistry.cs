using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using OrchestratorConsole.Core.Common;

namespace OrchestratorConsole.Core.Features.Configuration;

/// <summary>
/// The one registry of this node's configuration sections: the built-in ones, declared once for every node, and
/// the sections that installed plug-ins bring (<c>plugin.&lt;id&gt;</c>), which come and go with the plug-ins.
/// </summary>
public sealed class ConfigurationRegistry
{
    public const string General = "general";
    public const string Database = "database";
    public const string Cluster = "cluster";
    public const string Log = "log";
    public const string Startup = "startup";
    public const string Network = "network";
    public const string Authentication = "authentication";
    public const string Audit = "audit";
    public const string Notifications = "notifications";

    // Read at every heartbeat and page render, changed only by Register: readers take the array as it stands.
    private static ImmutableArray<SettingsSectionDefinition> _builtIn =
    [
        new(General, "General", typeof(GeneralSettings), FieldFlags.Identity, () => new GeneralSettings()),
        new(Database, "Database", typeof(DatabaseSettings), FieldFlags.ClusterRelevant | FieldFlags.NeedsRestart, () => new DatabaseSettings(), DatabaseSettings.UpgradeValues),
        new(Cluster, "Server availability", typeof(ClusterSettings), FieldFlags.ClusterRelevant | FieldFlags.NeedsRestart, () => new ClusterSettings()),
        new(Log, "Log", typeof(LogSettings), FieldFlags.AppliesLive, () => new LogSettings()),
        new(Startup, "Startup options", typeof(StartupSettings), FieldFlags.None, () => new StartupSettings()),
        new(Network, "Network", typeof(NetworkSettings), FieldFlags.Identity, () => new NetworkSettings()),
        new(Authentication, "Authentication", typeof(Authentication.AuthenticationSettings), FieldFlags.ClusterRelevant | FieldFlags.AppliesLive, () => new Authentication.AuthenticationSettings()),
        new(Audit, "Audit", typeof(Features.Audit.AuditSettings), FieldFlags.ClusterRelevant | FieldFlags.AppliesLive, () => new Features.Audit.AuditSettings()),
        new(Notifications, "Notifications", typeof(Notifications.NotificationSettings), FieldFlags.ClusterRelevant | FieldFlags.AppliesLive, () => new Notifications.NotificationSettings()),
    ];

    /// <summary>The group of the sections that installed plug-ins bring: one "Plug-ins" row of the node's state.</summary>
    public static readonly SectionGroup PluginsGroup = new("plugins", "Plug-ins");

    private ImmutableSortedDictionary<string, SectionDefinition> _added = ImmutableSortedDictionary.Create<string, SectionDefinition>(StringComparer.Ordinal);

    /// <summary>JSON as the API and the store write it: camelCase, enums as names.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The sections every node has, whatever is installed.</summary>
    public static IReadOnlyList<SectionDefinition> BuiltIn => _builtIn;

    /// <summary>Raised when a section comes or goes (a plug-in installed, upgraded or removed).</summary>
    public event Action? Changed;

    /// <summary>Every section of this node: the built-in ones, then the added ones by name.</summary>
    public IReadOnlyList<SectionDefinition> Sections => [.. BuiltIn, .. _added.Values];

    public static SettingsSectionDefinition For<T>()
        where T : class, ISectionSettings => _builtIn.First(s => s.SettingsType == typeof(T));

    /// <summary>Every rule of a built-in section's settings (its fields' bounds and its own rules), as a save applies them.</summary>
    public static IEnumerable<FieldError> Validate<T>(T settings)
        where T : class, ISectionSettings => For<T>().Validate(settings);

    /// <summary>Adds a built-in section for every node of this process; meant for extensions and for tests proving the registry drives everything.</summary>
    public static void Register(SettingsSectionDefinition definition) =>
        ImmutableInterlocked.Update(ref _builtIn, b => b.Any(s => s.Name == definition.Name) ? b : b.Add(definition));

    public static SettingsSectionDefinition Define<T>(string name, string title, FieldFlags flags)
        where T : class, ISectionSettings, new() => new(name, title, typeof(T), flags, () => new T());

    public SectionDefinition? Find(string name) =>
        BuiltIn.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? _added.Values.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The section, or a 404 naming the sections there are.</summary>
    public SectionDefinition Require(string name) =>
        Find(name) ?? throw new NotFoundException($"There is no configuration section '{name}'. Sections: {string.Join(", ", Sections.Select(s => s.Name))}.");

    /// <summary>Adds or replaces a section that is not built in.</summary>
    public void Put(SectionDefinition definition)
    {
        if (BuiltIn.Any(s => s.Name == definition.Name))
        {
            throw new InvalidOperationException($"The section '{definition.Name}' is built in.");
        }

        ImmutableInterlocked.Update(ref _added, a => a.SetItem(definition.Name, definition));
        Changed?.Invoke();
    }

    /// <summary>Replaces every added section of <paramref name="group"/> with <paramref name="definitions"/>.</summary>
    public void PutGroup(SectionGroup group, IEnumerable<SectionDefinition> definitions)
    {
        var list = definitions.ToList();
        ImmutableInterlocked.Update(ref _added, a => a.RemoveRange(a.Values.Where(s => s.Group == group).Select(s => s.Name)).SetItems(list.Select(d => KeyValuePair.Create(d.Name, d))));
        Changed?.Invoke();
    }

    /// <summary>Removes a section that is not built in; its history stays.</summary>
    public void Remove(string name)
    {
        ImmutableInterlocked.Update(ref _added, a => a.Remove(name));
        Changed?.Invoke();
    }
}
