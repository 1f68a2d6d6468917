using System.Runtime.CompilerServices;
using OrchestratorConsole.Core.Features.Configuration;

namespace OrchestratorConsole.Core.Tests.Features.ConfigurationTransfer;

/// <summary>
/// A section that exists only in this test assembly: one plain field and one secret, declared once. It is registered
/// when the assembly loads, before any node of a test starts, so every node of this process knows it from its first
/// start (the registry is process-wide and a registration is permanent).
/// </summary>
public sealed record ProbeSettings : ISectionSettings
{
    public string Label { get; init; } = "unset";

    [ConfigurationField(FieldFlags.Secret)]
    public string? Token { get; init; }

    public IEnumerable<FieldError> Validate() => Label.Length == 0 ? [new FieldError("label", "The label is required.")] : [];
}

internal static class ProbeSection
{
    /// <summary>A name no product section and no other test uses.</summary>
    public const string Name = "transferProbe";

    public static string LabelPath => $"{Name}.label";

    public static string TokenPath => $"{Name}.token";

    public static SectionDefinition Definition => ConfigurationRegistry.BuiltIn.Single(s => s.Name == Name);

    [ModuleInitializer]
    internal static void Register() =>
        ConfigurationRegistry.Register(ConfigurationRegistry.Define<ProbeSettings>(Name, "Transfer probe", FieldFlags.ClusterRelevant | FieldFlags.AppliesLive));
}
