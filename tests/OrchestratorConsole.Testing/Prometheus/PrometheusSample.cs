namespace OrchestratorConsole.Testing.Prometheus;

/// <summary>One sample line: a series name, its labels and its value.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    /// <summary>Whether every label of <paramref name="labels"/> is on this sample with that value.</summary>
    public bool Has(params (string Name, string Value)[] labels) =>
        labels.All(l => Labels.TryGetValue(l.Name, out var value) && value == l.Value);
}
