namespace OrchestratorConsole.Core.Tests.Features.Node;

public sealed class NodeIdentityServiceOnSqliteTests() : NodeIdentityServiceTests(NodeStore.Sqlite);
