namespace OrchestratorConsole.Testing.Prometheus;

/// <summary>A metric family: its <c># TYPE</c>, its <c># HELP</c>, and its samples (for a histogram the <c>_bucket</c>, <c>_sum</c> and <c>_count</c> series).</summary>
public sealed record PrometheusFamily(string Name, string Type, string? Help, IReadOnlyList<PrometheusSample> Samples);
