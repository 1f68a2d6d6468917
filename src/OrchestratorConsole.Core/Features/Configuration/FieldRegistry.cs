using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrchestratorConsole.Core.Features.Configuration;

/// <summary>What a configuration field is; fingerprint, export, import, diff and redaction all read these flags.</summary>
[Flags]
public enum FieldFlags
{
    None = 0,

    /// <summary>Must be identical on every node of a cluster.</summary>
    ClusterRelevant = 1,

    /// <summary>The node's identity: never compared between nodes, imported only with override identity.</summary>
    Identity = 2,

    /// <summary>Encrypted at rest, never shown, logged or exported in clear.</summary>
    Secret = 4,

    /// <summary>Takes effect as soon as it is saved.</summary>
    AppliesLive = 8,

    /// <summary>Takes effect at the next start of the Orchestrator server.</summary>
    NeedsRestart = 16,
}

/// <summary>Marks a settings property with flags of its own, beyond those of its section.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ConfigurationFieldAttribute(FieldFlags flags) : Attribute
{
    public FieldFlags Flags { get; } = flags;
}

/// <summary>A field's rule failure, named by its JSON field name.</summary>
public sealed record FieldError(string Field, string Message);

/// <summary>Implemented by each section's settings type: the field rules of that section.</summary>
public interface ISectionSettings
{
    IEnumerable<FieldError> Validate();
}

/// <summary>One configuration field, declared once.</summary>
public sealed record FieldDefinition(string Section, string Name, string Label, PropertyInfo Property, FieldFlags Flags)
{
    public bool IsSecret => Flags.HasFlag(FieldFlags.Secret);

    public string Path => $"{Section}.{Name}";
}

/// <summary>A configuration section: its name, its settings type, its flags and fields.</summary>
public sealed class SectionDefinition
{
    internal SectionDefinition(string name, string title, Type settingsType, FieldFlags flags, Func<object> createDefault)
    {
        Name = name;
        Title = title;
        SettingsType = settingsType;
        Flags = flags;
        CreateDefault = createDefault;
        Fields = settingsType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.CanWrite)
            .Select(p => new FieldDefinition(
                name,
                JsonNamingPolicy.CamelCase.ConvertName(p.Name),
                p.Name,
                p,
                flags | (p.GetCustomAttribute<ConfigurationFieldAttribute>()?.Flags ?? FieldFlags.None)))
            .ToArray();
    }

    public string Name { get; }

    public string Title { get; }

    public Type SettingsType { get; }

    public FieldFlags Flags { get; }

    public IReadOnlyList<FieldDefinition> Fields { get; }

    /// <summary>The values of a section that was never saved.</summary>
    public Func<object> CreateDefault { get; }

    public FieldDefinition? Field(string name) =>
        Fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>The one registry of configuration sections and fields.</summary>
public static class ConfigurationRegistry
{
    public const string General = "general";
    public const string Database = "database";
    public const string Cluster = "cluster";
    public const string Log = "log";
    public const string Startup = "startup";

    private static readonly List<SectionDefinition> SectionList =
    [
        new(General, "General", typeof(GeneralSettings), FieldFlags.Identity, () => new GeneralSettings()),
        new(Database, "Database", typeof(DatabaseSettings), FieldFlags.ClusterRelevant | FieldFlags.NeedsRestart, () => new DatabaseSettings()),
        new(Cluster, "Server availability", typeof(ClusterSettings), FieldFlags.ClusterRelevant | FieldFlags.NeedsRestart, () => new ClusterSettings()),
        new(Log, "Log", typeof(LogSettings), FieldFlags.AppliesLive, () => new LogSettings()),
        new(Startup, "Startup options", typeof(StartupSettings), FieldFlags.None, () => new StartupSettings()),
    ];

    /// <summary>JSON as the API and the store write it: camelCase, enums as names.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static IReadOnlyList<SectionDefinition> Sections => SectionList;

    public static SectionDefinition? Find(string name) =>
        SectionList.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

    public static SectionDefinition For<T>() => SectionList.First(s => s.SettingsType == typeof(T));

    /// <summary>Adds a section at run time; meant for extensions and tests proving the registry drives everything.</summary>
    public static void Register(SectionDefinition definition)
    {
        lock (SectionList)
        {
            if (Find(definition.Name) is null)
            {
                SectionList.Add(definition);
            }
        }
    }

    public static SectionDefinition Define<T>(string name, string title, FieldFlags flags)
        where T : class, ISectionSettings, new() => new(name, title, typeof(T), flags, () => new T());
}
