using System.Reflection;

namespace OrchestratorConsole.Core;

/// <summary>The product's name and version, as every node reports them.</summary>
public static class ProductInfo
{
    public const string Name = "Orchestrator Console";

    public static string Version { get; } =
        typeof(ProductInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(ProductInfo).Assembly.GetName().Version?.ToString(3)
        ?? "0.0.0";
}
