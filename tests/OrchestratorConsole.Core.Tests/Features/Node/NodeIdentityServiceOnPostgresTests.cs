namespace OrchestratorConsole.Core.Tests.Features.Node;

public sealed class NodeIdentityServiceOnPostgresTests() : NodeIdentityServiceTests(NodeStore.Postgres);
