namespace OrchestratorConsole.Core.Tests.Features.Audit;

public sealed class AuditServiceOnSqliteTests() : AuditServiceTests(NodeStore.Sqlite);
