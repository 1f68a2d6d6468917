using MudBlazor;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Node;

namespace OrchestratorConsole.UI.Components;

/// <summary>How a section's red/green state looks wherever it is shown (the side menu, the overview), and the tab where it is edited.</summary>
public static class SectionStates
{
    /// <summary>The tab where each validated section is edited; a section that is not listed has no tab of its own.</summary>
    private static readonly Dictionary<string, string> Tabs = new(StringComparer.Ordinal)
    {
        [ConfigurationRegistry.General] = "/general",
        [ConfigurationRegistry.Database] = "/database",
        [ConfigurationRegistry.Cluster] = "/server-availability",
        [ConfigurationRegistry.Startup] = "/startup",
        [ConfigurationRegistry.Network] = "/network",
        [ConfigurationRegistry.Authentication] = "/authentication",
        [ConfigurationRegistry.PluginsGroup.Name] = "/plugins",
        [ConfigurationRegistry.Log] = "/log",
        [ConfigurationRegistry.Audit] = "/audit",
        [ConfigurationRegistry.Notifications] = "/notifications",
    };

    public static string? TabOf(string section) => Tabs.GetValueOrDefault(section);

    /// <summary>The section edited on the tab at <paramref name="href"/>, or null for a tab with no section (Cluster, History…).</summary>
    public static string? SectionAt(string href) => Tabs.FirstOrDefault(t => t.Value == href).Key;

    /// <summary>Green, amber (incomplete, the server still starts) or red (the server cannot start).</summary>
    public static string IconOf(SectionValidation section) => IconOf(section.State);

    /// <summary>The icon of a state: <c>valid</c>, <c>warning</c> or <c>invalid</c>.</summary>
    public static string IconOf(string state) => state switch
    {
        "valid" => Icons.Material.Filled.CheckCircle,
        "warning" => Icons.Material.Filled.Warning,
        _ => Icons.Material.Filled.Error,
    };

    public static Color ColorOf(SectionValidation section) => ColorOf(section.State);

    /// <summary>The color of a state: <c>valid</c>, <c>warning</c> or <c>invalid</c>.</summary>
    public static Color ColorOf(string state) => state switch
    {
        "valid" => Color.Success,
        "warning" => Color.Warning,
        _ => Color.Error,
    };

    /// <summary>What is wrong first: the first message of a red section, the first warning of an amber one, none for a green one.</summary>
    public static string? ReasonOf(SectionValidation section) => section.State switch
    {
        "invalid" => section.Messages.FirstOrDefault(),
        "warning" => section.Warnings.FirstOrDefault(),
        _ => null,
    };

    /// <summary>The state as a screen reader hears it after the tab's name: <c>valid</c>, or <c>invalid — reason</c>.</summary>
    public static string Describe(SectionValidation section) =>
        ReasonOf(section) is { } reason ? $"{section.State} \u2014 {reason}" : section.State;
}
