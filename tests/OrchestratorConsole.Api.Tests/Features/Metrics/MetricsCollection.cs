namespace OrchestratorConsole.Api.Tests.Features.Metrics;

/// <summary>
/// The metrics tests run alone: OpenTelemetry's listeners are process-wide, and the in-memory hosts of other test
/// classes, created at the same time, publish instruments of the same names that hide this host's. A node is one
/// process with one host, so only the tests meet this.
/// </summary>
[CollectionDefinition(DisableParallelization = true)]
public sealed class MetricsCollection;
